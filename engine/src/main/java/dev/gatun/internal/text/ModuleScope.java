package dev.gatun.internal.text;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.RecGroup;
import dev.gatun.internal.model.Types.SubType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.Token.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module's text knows about its names while its fields and code are parsed: one {@link IdSpace} per
 * index space, field names per struct type, and the type list (to which
 * inline type uses append implicit function types).
 */
final class ModuleScope {
    final TokenCursor in;
    final ModuleModel.Builder builder = new ModuleModel.Builder();
    final IdSpace types = new IdSpace("type");
    final IdSpace funcs = new IdSpace("function");
    final IdSpace tables = new IdSpace("table");
    final IdSpace memories = new IdSpace("memory");
    final IdSpace globals = new IdSpace("global");
    final IdSpace tags = new IdSpace("tag");
    final IdSpace elems = new IdSpace("elem segment");
    final IdSpace datas = new IdSpace("data segment");
    final Map<Integer, Map<String, Integer>> fieldIds = new HashMap<>();
    final TypeSyntax typeSyntax;
    final KnownAnnotations annotations;
    /** The first index of each plain function type (final, no supertype, alone in its rec group). */
    private final Map<FuncType, Integer> plainFuncTypes = new HashMap<>();
    private int indexedGroups;

    ModuleScope(TokenCursor in) {
        this.in = in;
        this.annotations = new KnownAnnotations(in);
        this.typeSyntax = new TypeSyntax(in, types);
    }

    /** The function type at {@code index}, or null if there is none (out of range or not a func type). */
    FuncType funcType(int index) {
        if (index < 0 || index >= builder.types.size()) return null;
        return builder.types.get(index).composite() instanceof FuncType f ? f : null;
    }

    /**
     * The index of the first plain (final, no supertype, alone in its rec group) function type equal to
     * {@code type}, appending a new one if none exists, as the text format's type-use abbreviation says.
     */
    int implicitFuncType(FuncType type) {
        indexPlainFuncTypes();
        Integer existing = plainFuncTypes.get(type);
        if (existing != null) return existing;
        int index = builder.types.size();
        builder.addRecGroup(List.of(SubType.plain(type)));
        return index;
    }

    /** Brings {@link #plainFuncTypes} up to date with the rec groups added since the last call. */
    private void indexPlainFuncTypes() {
        for (; indexedGroups < builder.recGroups.size(); indexedGroups++) {
            RecGroup group = builder.recGroups.get(indexedGroups);
            if (group.types().size() != 1) continue;
            SubType s = group.types().get(0);
            if (s.isFinal() && s.supertypes().length == 0 && s.composite() instanceof FuncType f) {
                plainFuncTypes.putIfAbsent(f, group.firstIndex());
            }
        }
    }

    /** A parsed type use: the type index and the parameters (with their ids, null when unnamed). */
    record TypeUse(int typeIndex, List<ValType> params, List<String> paramIds) {}

    /** The parts of a type use as written: {@code (type x)?} then params and results. */
    record TypeUseParts(Integer explicitIndex, Token explicitAt, List<ValType> params, List<String> paramIds,
                        List<ValType> results) {
        boolean hasInline() {
            return !params.isEmpty() || !results.isEmpty();
        }
    }

    TypeUseParts typeUseParts(boolean allowParamIds) {
        Integer explicit = null;
        Token explicitAt = null;
        if (in.atParenKeyword("type")) {
            in.next();
            explicitAt = in.next();
            explicit = types.resolve(in);
            in.expectRParen();
        }
        List<ValType> params = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (in.atParenKeyword("param")) {
            in.next();
            in.next();
            Token idToken = in.peek();
            String id = in.acceptId();
            if (id != null) {
                if (!allowParamIds) throw in.unexpected(idToken, "a value type");
                params.add(typeSyntax.valType());
                ids.add(id);
            } else {
                while (!in.peek().is(Kind.RPAREN)) {
                    params.add(typeSyntax.valType());
                    ids.add(null);
                }
            }
            in.expectRParen();
        }
        List<ValType> results = new ArrayList<>();
        while (in.atParenKeyword("result")) {
            in.next();
            in.next();
            while (!in.peek().is(Kind.RPAREN)) results.add(typeSyntax.valType());
            in.expectRParen();
        }
        return new TypeUseParts(explicit, explicitAt, params, ids, results);
    }

    /** Resolves a type use to an index (checking inline declarations against an explicit type). */
    TypeUse typeUse(boolean allowParamIds) {
        TypeUseParts parts = typeUseParts(allowParamIds);
        return resolve(parts);
    }

    TypeUse resolve(TypeUseParts parts) {
        if (parts.explicitIndex() != null) {
            int index = parts.explicitIndex();
            FuncType declared = funcType(index);
            if (parts.hasInline()) {
                if (declared == null || !declared.equals(new FuncType(parts.params(), parts.results()))) {
                    throw in.error(parts.explicitAt(), "inline function type does not match type " + index);
                }
                return new TypeUse(index, parts.params(), parts.paramIds());
            }
            List<ValType> params = declared == null ? List.of() : declared.params();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) ids.add(null);
            return new TypeUse(index, params, ids);
        }
        int index = implicitFuncType(new FuncType(parts.params(), parts.results()));
        return new TypeUse(index, parts.params(), parts.paramIds());
    }
}
