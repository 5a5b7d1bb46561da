package dev.gatun.internal.runtime;

import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.compile.NotSupportedException;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.Externals.FuncRef;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Externals.TagType;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.DataSegment;
import dev.gatun.internal.model.ModuleModel.ElementSegment;
import dev.gatun.internal.model.ModuleModel.Export;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.VmContextLayout.Field;
import dev.gatun.internal.runtime.VmContextLayout.Region;
import dev.gatun.internal.validate.CanonicalTypes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;

/**
 * The steps of instantiation, in the spec's order: link imports (checking their types), allocate the
 * module's own memories, globals, tables and tags (binding them to their vmctx records), collect exports,
 * then apply element and data segments.
 */
final class Instantiator {
    private final InstantiationPlan plan;
    private final CompiledModule compiled;
    private final InstanceContext ctx;
    private final Map<String, Object> exports;

    Instantiator(InstantiationPlan plan, InstanceContext ctx, Map<String, Object> exports) {
        this.plan = plan;
        this.compiled = plan.compiled;
        this.ctx = ctx;
        this.exports = exports;
    }

    void run(Map<String, Map<String, Object>> imports) {
        ModuleModel module = compiled.module();
        link(module, imports);
        collectExports(module);
        initializeSegments(module);
    }

    private void link(ModuleModel module, Map<String, Map<String, Object>> imports) {
        VmContextLayout layout = ctx.layout;
        int functionCount = compiled.functionTypes().length;
        int globalCount = plan.importedGlobals + module.globals().size();
        int memoryCount = plan.importedMemories + module.memories().size();
        int tableCount = plan.importedTables + module.tables().size();
        ctx.functions = new FunctionRef[functionCount];
        ctx.splitFrames = new long[functionCount][];
        ctx.globals = new WasmGlobal[globalCount];
        ctx.globalCells = new long[plan.globalCellCount];
        ctx.memories = new LinearMemory[memoryCount];
        ctx.tables = new Table[tableCount];
        ctx.tags = new Tag[plan.importedTags + module.tags().size()];
        int tagCount = 0;
        int f = 0;
        int g = 0;
        int m = 0;
        int t = 0;
        for (Import imp : module.imports()) {
            Object value = imports.getOrDefault(imp.module(), Map.of()).get(imp.name());
            if (value == null) throw new LinkException("unknown import " + imp.module() + "." + imp.name());
            switch (imp.type()) {
                case FuncRef ref -> {
                    FunctionRef function = importFunction(imp, compiled.functionTypes()[f],
                            compiled.functionTypeIds()[f], value);
                    ctx.vmctx.set(ValueLayout.JAVA_INT, layout.offset(Field.FUNCTION_IMPORT_HANDLE, f), f);
                    ctx.vmctx.set(ValueLayout.JAVA_INT, layout.offset(Field.FUNCTION_IMPORT_TYPE_ID, f), function.typeId);
                    ctx.functions[f++] = function;
                }
                case GlobalType type -> {
                    if (!(value instanceof WasmGlobal global) || !globalMatches(global, type)) throw incompatible(imp);
                    if (global.inCell()) {
                        // only exports reach importers; a private global has no slot to share (see GlobalCells)
                        throw new LinkException("import " + imp.module() + "." + imp.name()
                                + ": a global its instance does not export cannot be imported");
                    }
                    ctx.vmctx.set(ValueLayout.JAVA_LONG, layout.offset(Field.GLOBAL_IMPORT_ADDRESS, g), global.slot.address());
                    ctx.vmctx.set(ValueLayout.JAVA_INT, layout.offset(Field.GLOBAL_IMPORT_HANDLE, g), g);
                    ctx.vmctx.set(ValueLayout.JAVA_INT, layout.offset(Field.GLOBAL_IMPORT_VALUE_KIND, g), type.type().kind().ordinal());
                    ctx.globals[g++] = global;
                }
                case MemoryType type -> {
                    if (!memoryMatches(value, type.limits(), imp, compiled.memoryOnHeap(type.limits()))) throw incompatible(imp);
                    LinearMemory memory = (LinearMemory) value;
                    if (ctx.resourceLimiter != null) ctx.resourceLimiter.memoryImported(memory, imp.module() + "." + imp.name());
                    ctx.vmctx.set(ValueLayout.JAVA_INT, layout.offset(Field.MEMORY_IMPORT_HANDLE, m), m);
                    ctx.memories[m++] = memory;
                }
                case TableType type -> {
                    if (!(value instanceof Table table) || !table.elementType.equals(type.element())
                            || table.is64 != type.limits().is64()
                            || !fits(table.size(), table.max(), type.limits())) {
                        throw incompatible(imp);
                    }
                    ctx.vmctx.set(ValueLayout.JAVA_INT, layout.offset(Field.TABLE_IMPORT_HANDLE, t), t);
                    ctx.tables[t++] = table;
                }
                case TagType type -> {
                    if (!(value instanceof Tag tag) || tag.typeId != compiled.canonicalTypeIds()[type.typeIndex()]) {
                        throw incompatible(imp);
                    }
                    ctx.tags[tagCount++] = tag;
                }
            }
        }
        // defined functions first: global and table initializers may take their references
        for (int d = 0; d < compiled.compiledFunctions().length; d++) {
            int index = f + d;
            FuncType type = compiled.functionTypes()[index];
            MethodHandle method = compiled.compiledFunctions()[d];
            int params = type.params().size();
            ctx.functions[index] = new FunctionRef(compiled.functionTypeIds()[index], type,
                    FunctionEntry.bind(method, params, ctx), FunctionEntry.bindWithDepth(method, params, ctx),
                    ctx.extraBits, ctx.extraRefs, plan.functionNames[index], ctx, index);
        }
        for (int d = 0; d < module.memories().size(); d++) {
            Limits limits = module.memories().get(d).limits();
            ResourceLimiter limiter = ctx.resourceLimiter;
            if (limiter != null && !limiter.memoryGrowing(0, limits.min() * LinearMemory.PAGE_SIZE)) {
                throw new dev.gatun.ResourceLimitException("memory " + m + " of " + limits.min()
                        + " pages exceeds the memory limit");
            }
            long record = layout.recordOffset(Region.MEMORIES, d);
            ctx.vmctx.set(ValueLayout.JAVA_INT, record + Field.MEMORY_HANDLE.offsetInRecord, m);
            if (limits.shared()) {
                SharedMemory shared = new SharedMemory(limits.min(), limits.max(), limits.is64());
                shared.attachDefinition(ctx.vmctx.asSlice(record, VmContextLayout.recordSize(Region.MEMORIES)));
                ctx.memories[m++] = shared;
                continue;
            }
            if (!compiled.memoryOnHeap(limits)) {
                OffHeapMemory offHeap = new OffHeapMemory(limits.min(), limits.max(), limits.is64());
                offHeap.limiter = limiter;
                offHeap.owner = ctx;
                offHeap.attachDefinition(ctx.vmctx.asSlice(record, VmContextLayout.recordSize(Region.MEMORIES)));
                ctx.memories[m++] = offHeap;
                continue;
            }
            byte[] image = plan.initialMemoryImages == null ? null : plan.initialMemoryImages[d];
            HeapMemory memory = compiled.heapBoundsExplicit()
                    ? HeapMemory.withSpareCapacity(image, limits.min(), limits.max(), limiter)
                    : image != null ? new HeapMemory(image.clone(), limits.max()) : new HeapMemory(limits.min(), limits.max());
            memory.limiter = limiter;
            memory.owner = ctx;
            memory.attachDefinition(ctx.vmctx.asSlice(record, VmContextLayout.recordSize(Region.MEMORIES)));
            ctx.memories[m++] = memory;
        }
        if (memoryCount > 0) {
            // compiled code reaches an off-heap memory 0 through the memories array instead
            if (ctx.memories[0] instanceof HeapMemory heap) ctx.memory0 = heap;
        }
        for (int d = 0; d < module.globals().size(); d++) {
            ModuleModel.GlobalDef def = module.globals().get(d);
            int cell = plan.globalCellIndexes[g];
            WasmGlobal global = cell != GlobalCells.NO_CELL
                    ? new WasmGlobal(def.type(), canonical(def.type().type()), ctx.globalCells, cell)
                    : new WasmGlobal(def.type(), canonical(def.type().type()),
                            ctx.vmctx.asSlice(layout.offset(Field.GLOBAL_LOW, d), 16));
            global.setValue(ConstantExpression.evaluate(def.init(), ctx, compiled));
            ctx.globals[g++] = global;
        }
        for (TagType type : module.tags()) {
            FuncType tagType = (FuncType) module.types().get(type.typeIndex()).composite();
            ctx.tags[tagCount] = new Tag(tagType, compiled.canonicalTypeIds()[type.typeIndex()], "tag " + tagCount);
            tagCount++;
        }
        for (int d = 0; d < module.tables().size(); d++) {
            ModuleModel.TableDef def = module.tables().get(d);
            Object init = def.init() == null ? null : ConstantExpression.evaluate(def.init(), ctx, compiled);
            Limits limits = def.type().limits();
            if (ctx.resourceLimiter != null && !ctx.resourceLimiter.tableGrowing(0, limits.min())) {
                throw new dev.gatun.ResourceLimitException("table " + t + " of " + limits.min()
                        + " elements exceeds the table limit");
            }
            Table table = new Table(def.type().element(), limits.min(), limits.max(), limits.is64(), init);
            table.limiter = ctx.resourceLimiter;
            table.owner = ctx;
            long record = layout.recordOffset(Region.TABLES, d);
            ctx.vmctx.set(ValueLayout.JAVA_INT, record + Field.TABLE_HANDLE.offsetInRecord, t);
            table.attachDefinition(ctx.vmctx.asSlice(record, VmContextLayout.recordSize(Region.TABLES)));
            ctx.tables[t++] = table;
        }
    }

    /**
     * A shared memory type takes only a {@link SharedMemory}; an unshared one a {@link HeapMemory} or an
     * {@link OffHeapMemory}, whichever the importer's code was compiled for ({@code onHeap}: {@link HeapMemory#fits}
     * unless the engine keeps every memory off-heap).
     */
    private static boolean memoryMatches(Object value, Limits required, Import imp, boolean onHeap) {
        if (required.shared()) {
            return value instanceof SharedMemory shared && shared.is64 == required.is64()
                    && fits(shared.pages(), shared.maxPages(), required);
        }
        if (onHeap) {
            if (value instanceof OffHeapMemory offHeap && !offHeap.is64
                    && fits(offHeap.pages(), offHeap.declaredMaxPages(), required)) {
                throw new NotSupportedException("importing " + imp.module() + "." + imp.name() + ", a memory of "
                        + offHeap.pages() + " pages kept off the heap, where the module's code expects a heap"
                        + " memory (declare a minimum above " + HeapMemory.HEAP_PAGE_LIMIT + " pages)");
            }
            return value instanceof HeapMemory heap
                    && fits(heap.pages(), heap.declaredMaxPages(), required);
        }
        if (value instanceof HeapMemory heap && !required.is64() && fits(heap.pages(), heap.declaredMaxPages(), required)) {
            throw new NotSupportedException("importing " + imp.module() + "." + imp.name() + ", a heap memory of "
                    + heap.pages() + " pages, where the module's code expects an off-heap one (its engine keeps"
                    + " memories off-heap: EngineConfig.Builder.offHeapMemories; use Memory.createOffHeap)");
        }
        return value instanceof OffHeapMemory offHeap && offHeap.is64 == required.is64()
                && fits(offHeap.pages(), offHeap.declaredMaxPages(), required);
    }

    /** Import matching of limits: at least the required size, and a declared maximum within the required one. */
    private static boolean fits(long size, long declaredMax, Limits required) {
        if (size < required.min()) return false;
        if (!required.hasMax()) return true;
        return declaredMax >= 0 && declaredMax <= required.max();
    }

    /** A concrete reference's type index replaced by its canonical id, so types compare across modules. */
    private ValType canonical(ValType type) {
        if (!type.isConcreteRef()) return type;
        return ValType.ref(type.nullable(), compiled.canonicalTypeIds()[type.heapType()]);
    }

    /** Immutable globals import covariantly; mutable ones need the same mutability and an equal type. */
    private boolean globalMatches(WasmGlobal global, GlobalType required) {
        if (global.type.mutable() != required.mutable()) return false;
        ValType wanted = canonical(required.type());
        boolean covariant = CanonicalTypes.isSubtype(global.canonicalType, wanted);
        return required.mutable() ? covariant && CanonicalTypes.isSubtype(wanted, global.canonicalType) : covariant;
    }

    private static LinkException incompatible(Import imp) {
        return new LinkException("incompatible import type for " + imp.module() + "." + imp.name());
    }

    private static FunctionRef importFunction(Import imp, FuncType type, int typeId, Object value) {
        if (value instanceof FunctionRef ref) {
            if (ref.typeId != typeId && !CanonicalTypes.isDeclaredSubtype(ref.typeId, typeId)) throw incompatible(imp);
            return ref;
        }
        if (value instanceof HostFunction host) return HostFunctions.hostFunction(typeId, type, host, imp.module() + "." + imp.name());
        throw incompatible(imp);
    }

    private void collectExports(ModuleModel module) {
        for (Export e : module.exports()) {
            Object value = switch (e.kind()) {
                case FUNC -> ctx.functions[e.index()];
                case GLOBAL -> ctx.globals[e.index()];
                case MEMORY -> ctx.memories[e.index()];
                case TABLE -> ctx.tables[e.index()];
                case TAG -> ctx.tags[e.index()];
            };
            if (value != null) exports.put(e.name(), value);
        }
    }

    /**
     * Keeps passive segments for memory.init/table.init and applies active ones in order; active and
     * declarative segments count as dropped afterwards, as the spec says.
     */
    private void initializeSegments(ModuleModel module) {
        List<ElementSegment> elements = module.elements();
        ctx.elementSegments = new Object[elements.size()][];
        for (int e = 0; e < elements.size(); e++) {
            ElementSegment segment = elements.get(e);
            Object[] values = new Object[segment.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = segment.functionIndices() != null
                        ? ctx.functions[segment.functionIndices()[i]]
                        : ConstantExpression.evaluate(segment.initExprs().get(i), ctx, compiled);
            }
            ctx.elementSegments[e] = segment.mode() == SegmentMode.PASSIVE ? values : new Object[0];
            if (segment.mode() == SegmentMode.ACTIVE) {
                long offset = address(ConstantExpression.evaluate(segment.offset(), ctx));
                ctx.tables[segment.tableIndex()].initialize(offset, values);
            }
        }
        List<DataSegment> datas = module.datas();
        ctx.dataSegments = plan.initialDataSegments.clone();
        for (int d = 0; d < datas.size(); d++) {
            DataSegment segment = datas.get(d);
            if (segment.mode() == SegmentMode.ACTIVE && !plan.dataPreapplied) {
                long offset = address(ConstantExpression.evaluate(segment.offset(), ctx));
                ctx.memories[segment.memoryIndex()].write(offset, segment.bytes().array(),
                        segment.bytes().offset(), segment.bytes().length());
            }
        }
    }

    /** A segment offset: an unsigned i32, or an i64 for 64-bit tables and memories. */
    private static long address(Object offset) {
        return offset instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) offset;
    }
}
