package dev.gatun.internal.compile;

import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.VmContextLayout;
import dev.gatun.internal.validate.ValidatedModule;
import java.lang.constant.ClassDesc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What every function's emitter needs to know about the module, computed once per compilation. */
final class CompilationUnit {
    final ModuleModel module;
    final ValidatedModule validated;
    final ClassDesc owner;
    final VmContextLayout layout;
    final boolean hasMemory;
    final int importedFunctionCount;
    final int importedGlobalCount;
    private final int[] functionTypeIndices;
    private final List<GlobalType> globalTypes = new ArrayList<>();
    private final List<TableType> tableTypes = new ArrayList<>();
    private final List<MemoryType> memoryTypes = new ArrayList<>();
    private final List<Integer> tagTypeIndices = new ArrayList<>();
    /** call_indirect bridges requested by the emitted functions, emitted after them. */
    final Set<FunctionEmitter.IndirectSite> indirectSites = new LinkedHashSet<>();
    /** Type indices of call_ref sites, each needing one bridge. */
    final Set<Integer> callRefTypes = new LinkedHashSet<>();

    CompilationUnit(ModuleModel module, ClassDesc owner, ValidatedModule validated) {
        this.module = module;
        this.validated = validated;
        this.owner = owner;
        this.layout = VmContextLayout.forModule(module);
        List<MemoryType> memories = new ArrayList<>();
        List<Integer> funcTypes = new ArrayList<>();
        int importedGlobals = 0;
        for (Import i : module.imports()) {
            switch (i.type()) {
                case dev.gatun.internal.model.Externals.FuncRef f -> funcTypes.add(f.typeIndex());
                case GlobalType g -> {
                    globalTypes.add(g);
                    importedGlobals++;
                }
                case MemoryType m -> memories.add(m);
                case TableType t -> tableTypes.add(t);
                case dev.gatun.internal.model.Externals.TagType t -> tagTypeIndices.add(t.typeIndex());
                default -> { }
            }
        }
        this.importedFunctionCount = funcTypes.size();
        this.importedGlobalCount = importedGlobals;
        for (int t : module.functionTypes()) funcTypes.add(t);
        this.functionTypeIndices = funcTypes.stream().mapToInt(Integer::intValue).toArray();
        for (ModuleModel.GlobalDef g : module.globals()) globalTypes.add(g.type());
        for (ModuleModel.TableDef t : module.tables()) tableTypes.add(t.type());
        for (var t : module.tags()) tagTypeIndices.add(t.typeIndex());
        memories.addAll(module.memories());
        for (MemoryType m : memories) {
            if (m.limits().shared()) throw new NotSupportedException("shared memory");
        }
        memoryTypes.addAll(memories);
        this.hasMemory = !memories.isEmpty();
    }

    int functionCount() {
        return functionTypeIndices.length;
    }

    FuncType functionType(int functionIndex) {
        return funcTypeAt(functionTypeIndices[functionIndex]);
    }

    FuncType funcTypeAt(int typeIndex) {
        if (module.types().get(typeIndex).composite() instanceof FuncType f) return f;
        throw new IllegalStateException("type " + typeIndex + " is not a function type (module not validated?)");
    }

    GlobalType globalType(int index) {
        return globalTypes.get(index);
    }

    /** The vmctx offset of a defined global's slot, or -1 for an imported global. */
    long definedGlobalOffset(int index) {
        if (index < importedGlobalCount) return -1;
        return layout.offset(VmContextLayout.Field.GLOBAL_LOW, index - importedGlobalCount);
    }

    ValType tableType(int index) {
        return tableTypes.get(index).element();
    }

    /** The function type of tag {@code index} (its params are the exception's payload). */
    FuncType tagType(int index) {
        return funcTypeAt(tagTypeIndices.get(index));
    }

    /** A memory64 memory: addresses, sizes and lengths are i64. */
    boolean memoryIs64(int index) {
        return memoryTypes.get(index).limits().is64();
    }

    boolean tableIs64(int index) {
        return tableTypes.get(index).limits().is64();
    }

    void checkFuncrefTable(int index) {
        ValType t = tableType(index);
        if (!(t.isRef() && (t.heapType() == HeapType.FUNC || t.heapType() >= 0))) {
            throw new IllegalStateException("call_indirect on a table of " + t);
        }
    }

    String functionName(int functionIndex) {
        return module.names().functions().get(functionIndex);
    }

    static String functionMethodName(int functionIndex) {
        return "func" + functionIndex;
    }

    static String callRefMethodName(int typeIndex) {
        return "callRef" + typeIndex;
    }

    static String indirectMethodName(FunctionEmitter.IndirectSite site) {
        return "callIndirect" + site.typeIndex() + "_" + site.tableIndex();
    }
}
