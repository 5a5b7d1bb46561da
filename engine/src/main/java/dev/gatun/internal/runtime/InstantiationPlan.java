package dev.gatun.internal.runtime;

import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.DataSegment;
import dev.gatun.internal.model.ModuleModel.SegmentMode;

/**
 * The part of instantiation that is the same for every instance of a compiled module, worked out once (an
 * {@code InstancePre} keeps one) so that {@link Instantiator} does only per-instance work: index-space
 * counts, function names for messages, and the passive data segments' bytes, which instances share since
 * nothing writes them ({@code data.drop} replaces an instance's entry, never the bytes).
 */
public final class InstantiationPlan {
    final CompiledModule compiled;
    final int importedGlobals;
    final int importedMemories;
    final int importedTables;
    final int importedTags;
    /** By function index: the name-section name or "function N". */
    final String[] functionNames;
    /** By data segment index: a passive segment's bytes, empty for active ones (dropped after use). */
    final byte[][] initialDataSegments;

    private InstantiationPlan(CompiledModule compiled) {
        this.compiled = compiled;
        ModuleModel module = compiled.module();
        importedGlobals = module.importedCount(ExternKind.GLOBAL);
        importedMemories = module.importedCount(ExternKind.MEMORY);
        importedTables = module.importedCount(ExternKind.TABLE);
        importedTags = module.importedCount(ExternKind.TAG);
        functionNames = new String[compiled.functionTypes().length];
        for (int i = 0; i < functionNames.length; i++) {
            String name = module.names().functions().get(i);
            functionNames[i] = name != null ? name : "function " + i;
        }
        initialDataSegments = new byte[module.datas().size()][];
        for (int d = 0; d < initialDataSegments.length; d++) {
            DataSegment segment = module.datas().get(d);
            initialDataSegments[d] = segment.mode() == SegmentMode.PASSIVE ? segment.bytes().toArray() : new byte[0];
        }
    }

    public static InstantiationPlan of(CompiledModule compiled) {
        return new InstantiationPlan(compiled);
    }

    public CompiledModule compiled() {
        return compiled;
    }
}
