package dev.gatun.internal.validate;

import dev.gatun.InvalidModuleException;
import dev.gatun.MalformedModuleException;
import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ByteSlice;
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
import dev.gatun.internal.model.ModuleModel.GlobalDef;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.ModuleModel.TableDef;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The spec's validation algorithm over a decoded or parsed module: module-level rules, then every body. */
public final class Validator {
    private static final long MAX_TABLE32 = 0xFFFF_FFFFL;
    private static final long MAX_PAGES32 = 65536;
    private static final long MAX_PAGES64 = 1L << 48;

    private Validator() {}

    /**
     * Throws {@link InvalidModuleException} when the module is not valid (or {@link MalformedModuleException}
     * for the few format rules only visible here); returns what validation resolved.
     */
    public static ValidatedModule validate(ModuleModel module) {
        TypeContext types = TypeContext.build(module.recGroups(), module.types());

        List<Integer> functionTypes = new ArrayList<>();
        List<TableType> tables = new ArrayList<>();
        List<MemoryType> memories = new ArrayList<>();
        List<GlobalType> globals = new ArrayList<>();
        List<Integer> tags = new ArrayList<>();
        for (Import imp : module.imports()) {
            String what = "import " + imp.module() + "." + imp.name();
            switch (imp.type()) {
                case FuncRef f -> functionTypes.add(requireFuncType(types, f.typeIndex(), what));
                case TableType t -> tables.add(checkTable(types, t, what));
                case MemoryType m -> memories.add(checkMemory(m, what));
                case GlobalType g -> globals.add(checkGlobalType(types, g, what));
                case TagType t -> tags.add(checkTag(types, t, what));
            }
        }
        int importedGlobals = globals.size();
        for (int i = 0; i < module.functionTypes().length; i++) {
            functionTypes.add(requireFuncType(types, module.functionTypes()[i], "function " + functionTypes.size()));
        }
        for (TableDef t : module.tables()) tables.add(checkTable(types, t.type(), "table " + tables.size()));
        for (MemoryType m : module.memories()) memories.add(checkMemory(m, "memory " + memories.size()));
        for (GlobalDef g : module.globals()) globals.add(checkGlobalType(types, g.type(), "global " + globals.size()));
        for (TagType t : module.tags()) tags.add(checkTag(types, t, "tag " + tags.size()));

        ValType[] elementTypes = new ValType[module.elements().size()];
        for (int i = 0; i < elementTypes.length; i++) {
            ValType t = module.elements().get(i).type();
            if (!types.isValid(t)) throw new InvalidModuleException("unknown type " + t.heapType() + " in element segment " + i);
            elementTypes[i] = t;
        }
        if (module.dataCount() >= 0 && module.dataCount() != module.datas().size()) {
            throw new MalformedModuleException("data count and data section have inconsistent lengths");
        }
        if (module.bodies().size() != module.functionTypes().length) {
            throw new MalformedModuleException("function and code section have inconsistent lengths");
        }

        int[] functionTypeIndices = functionTypes.stream().mapToInt(Integer::intValue).toArray();
        ModuleContext ctx = new ModuleContext(types, functionTypeIndices, tables, memories, globals, importedGlobals,
                tags.stream().mapToInt(Integer::intValue).toArray(), elementTypes, module.datas().size(),
                declaredFunctions(module, functionTypeIndices.length));
        CodeValidator code = new CodeValidator(ctx);

        int importedTables = tables.size() - module.tables().size();
        for (int i = 0; i < module.tables().size(); i++) {
            TableDef t = module.tables().get(i);
            String what = "table " + (importedTables + i);
            if (t.init() != null) {
                // tables precede globals: their initializers see only imported globals
                code.validateConstant(t.init(), t.type().element(), importedGlobals, what);
            } else if (!t.type().element().nullable()) {
                throw new InvalidModuleException("type mismatch: " + what + " of non-nullable " + t.type().element() + " needs an initializer");
            }
        }
        for (int i = 0; i < module.globals().size(); i++) {
            GlobalDef g = module.globals().get(i);
            int index = importedGlobals + i;
            code.validateConstant(g.init(), g.type().type(), index, "global " + index);
        }
        checkExports(module, ctx);
        checkStart(module, ctx);
        for (int i = 0; i < module.elements().size(); i++) checkElementSegment(module.elements().get(i), i, ctx, code);
        for (int i = 0; i < module.datas().size(); i++) checkDataSegment(module.datas().get(i), i, ctx, code);

        int importedFunctions = functionTypeIndices.length - module.functionTypes().length;
        for (int i = 0; i < module.bodies().size(); i++) {
            int index = importedFunctions + i;
            code.validateFunction(index, ctx.functionType(index), module.bodies().get(i));
        }
        return new ValidatedModule(module, types, functionTypeIndices, ctx.declaredFunctions);
    }

    // ---- definitions ----

    private static int requireFuncType(TypeContext types, int typeIndex, String what) {
        if (!types.exists(typeIndex)) throw new InvalidModuleException("unknown type " + typeIndex + " for " + what);
        if (types.funcTypeOrNull(typeIndex) == null) {
            throw new InvalidModuleException("type mismatch: type " + typeIndex + " of " + what + " is not a function type");
        }
        return typeIndex;
    }

    private static TableType checkTable(TypeContext types, TableType t, String what) {
        if (!types.isValid(t.element())) throw new InvalidModuleException("unknown type " + t.element().heapType() + " in " + what);
        Limits l = t.limits();
        if (!l.is64() && (Long.compareUnsigned(l.min(), MAX_TABLE32) > 0 || (l.hasMax() && Long.compareUnsigned(l.max(), MAX_TABLE32) > 0))) {
            throw new InvalidModuleException("table size must be at most 2^32-1 (" + what + ")");
        }
        checkMinMax(l, what);
        return t;
    }

    private static MemoryType checkMemory(MemoryType m, String what) {
        Limits l = m.limits();
        long maxPages = l.is64() ? MAX_PAGES64 : MAX_PAGES32;
        if (Long.compareUnsigned(l.min(), maxPages) > 0 || (l.hasMax() && Long.compareUnsigned(l.max(), maxPages) > 0)) {
            throw new InvalidModuleException((l.is64() ? "memory size must be at most 2^48 pages" : "memory size must be at most 65536 pages (4GiB)") + " (" + what + ")");
        }
        checkMinMax(l, what);
        if (l.shared() && !l.hasMax()) throw new InvalidModuleException("shared memory must have maximum (" + what + ")");
        return m;
    }

    private static void checkMinMax(Limits l, String what) {
        if (l.hasMax() && Long.compareUnsigned(l.min(), l.max()) > 0) {
            throw new InvalidModuleException("size minimum must not be greater than maximum (" + what + ")");
        }
    }

    private static GlobalType checkGlobalType(TypeContext types, GlobalType g, String what) {
        if (!types.isValid(g.type())) throw new InvalidModuleException("unknown type " + g.type().heapType() + " in " + what);
        return g;
    }

    private static int checkTag(TypeContext types, TagType t, String what) {
        requireFuncType(types, t.typeIndex(), what);
        if (!types.funcTypeOrNull(t.typeIndex()).results().isEmpty()) {
            throw new InvalidModuleException("non-empty tag result type (" + what + ")");
        }
        return t.typeIndex();
    }

    // ---- exports and start ----

    private static void checkExports(ModuleModel module, ModuleContext ctx) {
        Set<String> names = new HashSet<>();
        for (Export e : module.exports()) {
            if (!names.add(e.name())) throw new InvalidModuleException("duplicate export name \"" + e.name() + "\"");
            int count = switch (e.kind()) {
                case FUNC -> ctx.functionTypes.length;
                case TABLE -> ctx.tables.size();
                case MEMORY -> ctx.memories.size();
                case GLOBAL -> ctx.globals.size();
                case TAG -> ctx.tagTypes.length;
            };
            if (e.index() < 0 || e.index() >= count) {
                String kind = e.kind() == ExternKind.FUNC ? "function" : e.kind().name().toLowerCase();
                throw new InvalidModuleException("unknown " + kind + " "
                        + Integer.toUnsignedString(e.index()) + " in export \"" + e.name() + "\"");
            }
        }
    }

    private static void checkStart(ModuleModel module, ModuleContext ctx) {
        if (module.start() < 0) return;
        if (!ctx.hasFunction(module.start())) throw new InvalidModuleException("unknown function " + module.start() + " as start function");
        FuncType ft = ctx.functionType(module.start());
        if (!ft.params().isEmpty() || !ft.results().isEmpty()) {
            throw new InvalidModuleException("start function must have type [] -> [], not " + ft);
        }
    }

    // ---- segments ----

    private static void checkElementSegment(ElementSegment seg, int index, ModuleContext ctx, CodeValidator code) {
        String what = "element segment " + index;
        if (seg.mode() == SegmentMode.ACTIVE) {
            if (seg.tableIndex() < 0 || seg.tableIndex() >= ctx.tables.size()) {
                throw new InvalidModuleException("unknown table " + seg.tableIndex() + " in " + what);
            }
            TableType table = ctx.tables.get(seg.tableIndex());
            code.validateConstant(seg.offset(), table.limits().is64() ? ValType.I64 : ValType.I32, ctx.globals.size(), what + " offset");
            if (!ctx.types.isSubtype(seg.type(), table.element())) {
                throw new InvalidModuleException("type mismatch: " + what + " of " + seg.type() + " into table of " + table.element());
            }
        }
        if (seg.functionIndices() != null) {
            for (int f : seg.functionIndices()) {
                if (!ctx.hasFunction(f)) throw new InvalidModuleException("unknown function " + Integer.toUnsignedString(f) + " in " + what);
                if (!ctx.types.isSubtype(ValType.ref(false, ctx.functionTypes[f]), seg.type())) {
                    throw new InvalidModuleException("type mismatch: function " + f + " in " + what + " of " + seg.type());
                }
            }
        } else {
            for (ByteSlice expr : seg.initExprs()) code.validateConstant(expr, seg.type(), ctx.globals.size(), what);
        }
    }

    private static void checkDataSegment(DataSegment seg, int index, ModuleContext ctx, CodeValidator code) {
        if (seg.mode() != SegmentMode.ACTIVE) return;
        String what = "data segment " + index;
        if (seg.memoryIndex() < 0 || seg.memoryIndex() >= ctx.memories.size()) {
            throw new InvalidModuleException("unknown memory " + seg.memoryIndex() + " in " + what);
        }
        boolean is64 = ctx.memories.get(seg.memoryIndex()).limits().is64();
        code.validateConstant(seg.offset(), is64 ? ValType.I64 : ValType.I32, ctx.globals.size(), what + " offset");
    }

    // ---- C.refs ----

    /** The functions named outside function bodies (segments, exports, initializers): the spec's C.refs. */
    private static boolean[] declaredFunctions(ModuleModel module, int functionCount) {
        boolean[] declared = new boolean[functionCount];
        for (Export e : module.exports()) {
            if (e.kind() == ExternKind.FUNC && e.index() >= 0 && e.index() < functionCount) {
                declared[e.index()] = true;
            }
        }
        for (TableDef t : module.tables()) if (t.init() != null) collectRefFuncs(t.init(), declared);
        for (GlobalDef g : module.globals()) collectRefFuncs(g.init(), declared);
        for (ElementSegment seg : module.elements()) {
            if (seg.offset() != null) collectRefFuncs(seg.offset(), declared);
            if (seg.functionIndices() != null) {
                for (int f : seg.functionIndices()) if (f >= 0 && f < functionCount) declared[f] = true;
            } else {
                for (ByteSlice expr : seg.initExprs()) collectRefFuncs(expr, declared);
            }
        }
        for (DataSegment d : module.datas()) if (d.offset() != null) collectRefFuncs(d.offset(), declared);
        return declared;
    }

    private static void collectRefFuncs(ByteSlice expr, boolean[] declared) {
        CodeReader r = new CodeReader(expr);
        while (r.hasNext()) {
            if (r.next() == Opcode.REF_FUNC && r.index >= 0 && r.index < declared.length) declared[r.index] = true;
        }
    }
}
