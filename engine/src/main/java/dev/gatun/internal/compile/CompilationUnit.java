package dev.gatun.internal.compile;

import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.GlobalCells;
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
    /** By global index: its JVM cell in InstanceContext.globalCells, or GlobalCells.NO_CELL. */
    private final int[] globalCells;
    private final List<TableType> tableTypes = new ArrayList<>();
    private final List<MemoryType> memoryTypes = new ArrayList<>();
    private final List<Integer> tagTypeIndices = new ArrayList<>();
    /** call_indirect bridges requested by the emitted functions, emitted after them. */
    final Set<FunctionEmitter.IndirectSite> indirectSites = new LinkedHashSet<>();
    /** Type indices of call_ref sites, each needing one bridge. */
    final Set<Integer> callRefTypes = new LinkedHashSet<>();
    /** Whether functions check interrupts/deadline/fuel (see {@link LimitCheckEmitter}); on unless the engine opts out. */
    boolean limitChecks = true;
    /** Whether functions charge fuel per basic block instead of only polling the interrupt flag. */
    boolean fuel;
    /** Whether every memory lives off-heap, also those {@code HeapMemory.fits} (engine option). */
    boolean offHeapMemories;
    /** Whether call_indirect/call_ref call own functions directly ({@link IndirectDispatchEmitter}). */
    boolean directIndirectCalls = true;

    CompilationUnit(ModuleModel module, ClassDesc owner, ValidatedModule validated) {
        this.module = module;
        this.validated = validated;
        this.owner = owner;
        this.layout = VmContextLayout.forModule(module);
        this.globalCells = GlobalCells.cellIndexes(module);
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

    /** The global's JVM cell (a defined, private, numeric global; see {@link GlobalCells}), or NO_CELL. */
    int globalCell(int index) {
        return globalCells[index];
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

    /** Shared memories live off-heap ({@code SharedMemory}) and take their own access path. */
    boolean memoryShared(int index) {
        return memoryTypes.get(index).limits().shared();
    }

    /**
     * Whether memory {@code index} is a heap {@code byte[]} ({@code HeapMemory.fits}); the others are
     * {@code SegmentMemory}s. Decided from the declared type, so an import gets the same answer as its
     * definition (the instantiator refuses a memory of the other kind). With {@link #offHeapMemories} none is.
     */
    boolean memoryOnHeap(int index) {
        return !offHeapMemories && dev.gatun.internal.runtime.HeapMemory.fits(memoryTypes.get(index).limits());
    }

    private Boolean heapBoundsExplicit;

    /**
     * Whether heap accesses check the Wasm size kept next to the array (the module's heap memories may then keep
     * spare capacity) rather than the array length: only modules that contain memory.grow or import a memory.
     * The others define memories that never get spare capacity (host grows of them reallocate exactly), so their
     * bound is the array length, whose check C2 folds with the array access's own check.
     */
    boolean heapBoundsExplicit() {
        if (heapBoundsExplicit == null) heapBoundsExplicit = importsMemory() || containsMemoryGrow();
        return heapBoundsExplicit;
    }

    private boolean importsMemory() {
        for (Import i : module.imports()) if (i.type() instanceof MemoryType) return true;
        return false;
    }

    private boolean containsMemoryGrow() {
        for (dev.gatun.internal.model.ModuleModel.FunctionBody body : module.bodies()) {
            dev.gatun.internal.binary.CodeReader scan = new dev.gatun.internal.binary.CodeReader(body.code());
            while (scan.hasNext()) {
                if (scan.next() == dev.gatun.internal.model.Opcode.MEMORY_GROW) return true;
            }
        }
        return false;
    }


    /** A memory64 memory: addresses, sizes and lengths are i64. */

    boolean memoryIs64(int index) {
        return memoryTypes.get(index).limits().is64();
    }

    private FixedTables fixedTables;

    /** The elements known at compile time of table {@code index} ({@link FixedTables}), or null. */
    int[] fixedTableElements(int index) {
        if (fixedTables == null) fixedTables = new FixedTables(module);
        return fixedTables.elements(index);
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

    /**
     * Whether a direct call of the function may come back with a tail call left pending on the caller's
     * context (so the call site must look). Only a defined function containing {@code return_call*} can: an
     * imported one is called through a bridge that already ran any pending calls, and a function without tail
     * calls runs its callees' pending calls at its own call sites. Decided conservatively from the raw body
     * bytes: without the bytes of the three opcodes there is no such instruction.
     */
    boolean mayLeaveTailCall(int functionIndex) {
        if (functionIndex < importedFunctionCount) return false;
        // asked at every call site: scan each callee's body once
        if (tailCallScanned.get(functionIndex)) return leavesTailCall.get(functionIndex);
        boolean leaves = scanForTailCall(functionIndex);
        tailCallScanned.set(functionIndex);
        leavesTailCall.set(functionIndex, leaves);
        return leaves;
    }

    private final java.util.BitSet tailCallScanned = new java.util.BitSet();
    private final java.util.BitSet leavesTailCall = new java.util.BitSet();

    private boolean scanForTailCall(int functionIndex) {
        ByteSlice code = module.bodies().get(functionIndex - importedFunctionCount).code();
        byte[] bytes = code.array();
        for (int i = code.offset(); i < code.end(); i++) {
            byte b = bytes[i];
            if (b == RETURN_CALL || b == RETURN_CALL_INDIRECT || b == RETURN_CALL_REF) return true;
        }
        return false;
    }

    private static final byte RETURN_CALL = (byte) Opcode.RETURN_CALL.code;
    private static final byte RETURN_CALL_INDIRECT = (byte) Opcode.RETURN_CALL_INDIRECT.code;
    private static final byte RETURN_CALL_REF = (byte) Opcode.RETURN_CALL_REF.code;

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
