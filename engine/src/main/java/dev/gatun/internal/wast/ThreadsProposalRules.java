package dev.gatun.internal.wast;

import dev.gatun.InvalidModuleException;
import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WastCommand;
import java.nio.file.Path;
import java.util.List;

/**
 * The front end as the threads proposal's scripts expect it. Those scripts were last updated in 2020 and
 * assume the spec they were written against: at most one memory and one table per module (multi-memory and
 * reference types' multiple tables came later) and 32-bit memory limits in the text format (memory64 came
 * later). This decorator adds exactly those restrictions on top of the engine's Wasm 3.0 front end; everything
 * else (atomics, shared memories) is the standard front end's.
 */
final class ThreadsProposalRules implements FrontEnd {
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private final FrontEnd standard;

    ThreadsProposalRules(FrontEnd standard) {
        this.standard = standard;
    }

    /** Scripts in a {@code proposals/threads} folder run under these rules. */
    static boolean appliesTo(Path script) {
        Path folder = script.toAbsolutePath().normalize().getParent();
        return folder != null && folder.getFileName() != null && folder.getFileName().toString().equals("threads")
                && folder.getParent() != null && folder.getParent().getFileName() != null
                && folder.getParent().getFileName().toString().equals("proposals");
    }

    @Override
    public List<WastCommand> parseScript(String script) {
        return standard.parseScript(script);
    }

    @Override
    public ModuleModel decode(byte[] bytes) {
        return standard.decode(bytes);
    }

    /** Memory limits of a 32-bit memory are u32 literals in the pre-memory64 text format. */
    @Override
    public ModuleModel parseText(String text) {
        ModuleModel module = standard.parseText(text);
        for (MemoryType memory : module.memories()) {
            var limits = memory.limits();
            if (!limits.is64() && (limits.min() > MAX_U32 || limits.max() > MAX_U32)) {
                throw new MalformedModuleException("i32 constant out of range (memory limits " + limits.min()
                        + ", " + limits.max() + "; the threads proposal predates memory64)");
            }
        }
        return module;
    }

    @Override
    public void validate(ModuleModel module) {
        if (module.importedCount(ExternKind.MEMORY) + module.memories().size() > 1) {
            throw new InvalidModuleException("multiple memories (the threads proposal predates multi-memory)");
        }
        if (module.importedCount(ExternKind.TABLE) + module.tables().size() > 1) {
            throw new InvalidModuleException("multiple tables (the threads proposal predates reference types)");
        }
        standard.validate(module);
    }
}
