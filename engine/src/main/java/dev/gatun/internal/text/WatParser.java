package dev.gatun.internal.text;

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
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.Token.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a module in the text format into the same model the binary decoder produces. Three passes over the
 * fields: collect the ids of every index space (so references may point forward), parse the type
 * definitions, then everything else in order (inline type uses append implicit types in text order).
 */
public final class WatParser {
    private final TokenCursor in;
    private final ModuleScope scope;
    private final ModuleModel.Builder builder;
    private final KnownAnnotations annotations;
    private final SegmentParser segments;
    private int funcIndex;
    private int tableIndex;
    private int memoryIndex;
    private int globalIndex;
    private int tagIndex;
    private boolean hasStart;

    private WatParser(String text) {
        this.in = new TokenCursor(text);
        this.scope = new ModuleScope(in);
        this.builder = scope.builder;
        this.annotations = scope.annotations;
        this.segments = new SegmentParser(scope);
    }

    /** Parses {@code (module ...)}, or a sequence of module fields without the wrapper. */
    public static ModuleModel parseModule(String text) {
        return new WatParser(text).module();
    }

    private ModuleModel module() {
        boolean wrapped = in.atParenKeyword("module");
        if (wrapped) {
            in.next();
            in.next();
            in.acceptKeyword("definition");
            builder.moduleName = in.acceptId();
            if (in.atKeyword("binary") || in.atKeyword("quote")) {
                throw in.error("not supported: binary/quote module in WatParser (use the WAST command model)");
            }
            String annotatedName = annotations.name(true);
            if (annotatedName != null) builder.moduleName = annotatedName;
        }
        int fieldsStart = in.pos;
        new IdCollector(in, scope).collect();
        int fieldsEnd = in.pos;
        if (wrapped) in.expectRParen();
        if (!in.atEof()) throw in.unexpected(in.peek(), "end of input");

        in.pos = fieldsStart;
        TypeDefinitions typeDefinitions = new TypeDefinitions(scope);
        while (in.pos < fieldsEnd) {
            if (in.atParenKeyword("type") || in.atParenKeyword("rec")) {
                typeDefinitions.field();
            } else {
                in.skipSexpr();
            }
        }
        in.pos = fieldsStart;
        while (in.pos < fieldsEnd) {
            builder.customSections.addAll(annotations.customSections());
            field();
        }
        builder.customSections.addAll(annotations.customSections());
        annotations.checkNoneLeft();
        if (!builder.datas.isEmpty()) builder.dataCount = builder.datas.size();
        return builder.build();
    }

    private void field() {
        int start = in.pos;
        in.expectLParen();
        Token kw = in.next();
        switch (kw.text()) {
            case "type", "rec" -> {
                in.pos = start;
                in.skipSexpr();
                return;
            }
            case "import" -> importField();
            case "func" -> funcField();
            case "table" -> tableField();
            case "memory" -> memoryField();
            case "global" -> globalField();
            case "tag" -> tagField();
            case "export" -> exportField();
            case "start" -> {
                Token at = in.peek();
                if (hasStart) throw in.error(kw, "multiple start sections");
                hasStart = true;
                builder.start = scope.funcs.resolve(in);
                // the model keeps the index in an int with -1 for "none"
                if (builder.start < 0) throw in.error(at, "not supported: start function index above 2^31-1");
            }
            case "elem" -> segments.elemField();
            case "data" -> segments.dataField();
            default -> throw in.unexpected(kw, "a module field");
        }
        in.expectRParen();
    }

    // ---- imports and exports ----

    private void importField() {
        String module = in.expectName();
        String name = in.expectName();
        in.expectLParen();
        Token kind = in.next();
        String id = in.acceptId();
        switch (kind.text()) {
            case "func" -> importFunc(id, module, name);
            case "table" -> importTable(module, name);
            case "memory" -> importMemory(module, name);
            case "global" -> importGlobal(module, name);
            case "tag" -> importTag(module, name);
            default -> throw in.unexpected(kind, "an import kind");
        }
        in.expectRParen();
    }

    private void importFunc(String id, String module, String name) {
        int index = funcIndex++;
        if (id != null) builder.functionNames.put(index, id);
        ModuleScope.TypeUse use = scope.typeUse(true);
        builder.imports.add(new ModuleModel.Import(module, name, new FuncRef(use.typeIndex())));
    }

    private void importTable(String module, String name) {
        tableIndex++;
        builder.imports.add(new ModuleModel.Import(module, name, tableType()));
    }

    private void importMemory(String module, String name) {
        memoryIndex++;
        builder.imports.add(new ModuleModel.Import(module, name, memoryType()));
    }

    private void importGlobal(String module, String name) {
        globalIndex++;
        builder.imports.add(new ModuleModel.Import(module, name, globalType()));
    }

    private void importTag(String module, String name) {
        tagIndex++;
        builder.imports.add(new ModuleModel.Import(module, name, new TagType(scope.typeUse(false).typeIndex())));
    }

    /** {@code (export "name")*} after a definition's id. */
    private void inlineExports(ExternKind kind, int index) {
        while (in.atParenKeyword("export")) {
            in.next();
            in.next();
            builder.exports.add(new ModuleModel.Export(in.expectName(), kind, index));
            in.expectRParen();
        }
    }

    /** {@code (import "m" "n")} after a definition's exports: returns {module, name} or null. */
    private String[] inlineImport() {
        if (!in.atParenKeyword("import")) return null;
        in.next();
        in.next();
        String[] names = {in.expectName(), in.expectName()};
        in.expectRParen();
        return names;
    }

    private void exportField() {
        String name = in.expectName();
        in.expectLParen();
        Token kind = in.next();
        ExternKind externKind;
        int index = switch (kind.text()) {
            case "func" -> {
                externKind = ExternKind.FUNC;
                yield scope.funcs.resolve(in);
            }
            case "table" -> {
                externKind = ExternKind.TABLE;
                yield scope.tables.resolve(in);
            }
            case "memory" -> {
                externKind = ExternKind.MEMORY;
                yield scope.memories.resolve(in);
            }
            case "global" -> {
                externKind = ExternKind.GLOBAL;
                yield scope.globals.resolve(in);
            }
            case "tag" -> {
                externKind = ExternKind.TAG;
                yield scope.tags.resolve(in);
            }
            default -> throw in.unexpected(kind, "an export kind");
        };
        in.expectRParen();
        builder.exports.add(new ModuleModel.Export(name, externKind, index));
    }

    // ---- functions ----

    private void funcField() {
        String id = in.acceptId();
        int index = funcIndex++;
        String annotatedName = annotations.name(false);
        if (annotatedName != null) id = annotatedName;
        if (id != null) builder.functionNames.put(index, id);
        inlineExports(ExternKind.FUNC, index);
        String[] imported = inlineImport();
        ModuleScope.TypeUse use = scope.typeUse(true);
        if (imported != null) {
            builder.imports.add(new ModuleModel.Import(imported[0], imported[1], new FuncRef(use.typeIndex())));
            return;
        }
        Map<String, Integer> localIds = new HashMap<>();
        Map<Integer, String> localNames = new HashMap<>();
        int localCount = 0;
        for (String paramId : use.paramIds()) {
            if (paramId != null) defineLocal(localIds, localNames, paramId, localCount);
            localCount++;
        }
        List<ModuleModel.Locals> locals = new ArrayList<>();
        while (in.atParenKeyword("local")) {
            in.next();
            in.next();
            String localId = in.acceptId();
            if (localId != null) {
                defineLocal(localIds, localNames, localId, localCount++);
                addLocal(locals, scope.typeSyntax.valType());
            } else {
                while (!in.peek().is(Kind.RPAREN)) {
                    addLocal(locals, scope.typeSyntax.valType());
                    localCount++;
                }
            }
            in.expectRParen();
        }
        byte[] code = new InstructionEncoder(in, scope, localIds).expression();
        builder.functionTypes.add(use.typeIndex());
        builder.bodies.add(new ModuleModel.FunctionBody(List.copyOf(locals), ByteSlice.of(code)));
        if (!localNames.isEmpty()) builder.localNames.put(index, Map.copyOf(localNames));
    }

    private void defineLocal(Map<String, Integer> ids, Map<Integer, String> names, String id, int index) {
        if (ids.containsKey(id)) throw in.error(in.tokens.get(in.pos - 1), "duplicate local $" + id);
        ids.put(id, index);
        names.put(index, id);
    }

    /** Locals are run-length encoded like the binary format: consecutive equal types share an entry. */
    private static void addLocal(List<ModuleModel.Locals> locals, ValType type) {
        int last = locals.size() - 1;
        if (last >= 0 && locals.get(last).type().equals(type)) {
            locals.set(last, new ModuleModel.Locals(locals.get(last).count() + 1, type));
        } else {
            locals.add(new ModuleModel.Locals(1, type));
        }
    }

    // ---- tables, memories, globals, tags ----

    private void tableField() {
        in.acceptId();
        int index = tableIndex++;
        inlineExports(ExternKind.TABLE, index);
        String[] imported = inlineImport();
        if (imported != null) {
            builder.imports.add(new ModuleModel.Import(imported[0], imported[1], tableType()));
            return;
        }
        int save = in.pos;
        boolean is64 = addressType();
        if (scope.typeSyntax.atRefType()) {
            ValType elementType = scope.typeSyntax.refType();
            if (!in.atParenKeyword("elem")) throw in.unexpected(in.peek(), "'(elem'");
            in.next();
            in.next();
            ElementSegment segment = segments.elemList(SegmentMode.ACTIVE, index, SegmentParser.zeroOffset(is64),
                    elementType, true);
            in.expectRParen();
            long n = segment.size();
            builder.tables.add(new ModuleModel.TableDef(new TableType(elementType, new Limits(n, n, false, is64)),
                    null));
            builder.elements.add(segment);
            return;
        }
        in.pos = save;
        TableType type = tableType();
        ByteSlice init = null;
        if (!in.peek().is(Kind.RPAREN)) init = segments.constExpr();
        builder.tables.add(new ModuleModel.TableDef(type, init));
    }

    private boolean addressType() {
        if (in.acceptKeyword("i64")) return true;
        in.acceptKeyword("i32");
        return false;
    }

    private TableType tableType() {
        boolean is64 = addressType();
        Limits limits = limits(is64, false);
        return new TableType(scope.typeSyntax.refType(), limits);
    }

    private MemoryType memoryType() {
        boolean is64 = addressType();
        MemoryType type = new MemoryType(limits(is64, true));
        if (in.atParenKeyword("pagesize")) throw in.error("not supported: custom page sizes");
        return type;
    }

    private Limits limits(boolean is64, boolean allowShared) {
        long min = natural64();
        long max = in.peek().is(Kind.NUMBER) ? natural64() : -1;
        boolean shared = false;
        if (allowShared) {
            shared = in.acceptKeyword("shared");
            if (!shared) in.acceptKeyword("unshared");
        }
        return new Limits(min, max, shared, is64);
    }

    private long natural64() {
        Token t = in.next();
        TextNumbers.IntResult r = TextNumbers.parseUnsigned(t.text(), 64);
        if (!t.is(Kind.NUMBER) || !r.wellFormed()) throw in.unexpected(t, "a limit");
        if (!r.inRange()) throw in.error(t, "constant out of range");
        return r.value();
    }

    private void memoryField() {
        in.acceptId();
        int index = memoryIndex++;
        inlineExports(ExternKind.MEMORY, index);
        String[] imported = inlineImport();
        if (imported != null) {
            builder.imports.add(new ModuleModel.Import(imported[0], imported[1], memoryType()));
            return;
        }
        int save = in.pos;
        boolean is64 = addressType();
        if (in.atParenKeyword("data")) {
            in.next();
            in.next();
            byte[] bytes = segments.dataString();
            in.expectRParen();
            long pages = (bytes.length + 65535L) / 65536L;
            builder.memories.add(new MemoryType(new Limits(pages, pages, false, is64)));
            builder.datas.add(new DataSegment(SegmentMode.ACTIVE, index, SegmentParser.zeroOffset(is64),
                    ByteSlice.of(bytes)));
            return;
        }
        in.pos = save;
        builder.memories.add(memoryType());
    }

    private GlobalType globalType() {
        if (in.atParenKeyword("mut")) {
            in.next();
            in.next();
            ValType t = scope.typeSyntax.valType();
            in.expectRParen();
            return new GlobalType(t, true);
        }
        return new GlobalType(scope.typeSyntax.valType(), false);
    }

    private void globalField() {
        in.acceptId();
        int index = globalIndex++;
        inlineExports(ExternKind.GLOBAL, index);
        String[] imported = inlineImport();
        GlobalType type = globalType();
        if (imported != null) {
            builder.imports.add(new ModuleModel.Import(imported[0], imported[1], type));
            return;
        }
        builder.globals.add(new ModuleModel.GlobalDef(type, segments.constExpr()));
    }

    private void tagField() {
        in.acceptId();
        annotations.name(false);
        int index = tagIndex++;
        inlineExports(ExternKind.TAG, index);
        String[] imported = inlineImport();
        TagType type = new TagType(scope.typeUse(false).typeIndex());
        if (imported != null) {
            builder.imports.add(new ModuleModel.Import(imported[0], imported[1], type));
            return;
        }
        builder.tags.add(type);
    }
}
