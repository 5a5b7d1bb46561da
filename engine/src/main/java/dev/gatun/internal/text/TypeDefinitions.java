package dev.gatun.internal.text;

import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.CompositeType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.Types.SubType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.Token.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code (type ...)} and {@code (rec ...)} fields into rec groups of sub types. */
final class TypeDefinitions {
    private final TokenCursor in;
    private final ModuleScope scope;
    private final TypeSyntax types;

    TypeDefinitions(ModuleScope scope) {
        this.in = scope.in;
        this.scope = scope;
        this.types = scope.typeSyntax;
    }

    /** One {@code (type ...)} or {@code (rec ...)} field. */
    void field() {
        in.expectLParen();
        Token kw = in.next();
        List<SubType> group = new ArrayList<>();
        if (kw.isKeyword("rec")) {
            while (in.atParenKeyword("type")) {
                in.next();
                in.next();
                group.add(typeDefinition(scope.builder.types.size() + group.size()));
            }
            in.expectRParen();
        } else {
            group.add(typeDefinition(scope.builder.types.size()));
        }
        scope.builder.addRecGroup(group);
    }

    /** After {@code (type}: {@code $id? subtype)}. */
    private SubType typeDefinition(int index) {
        in.acceptId();
        SubType sub;
        if (in.atParenKeyword("sub")) {
            in.next();
            in.next();
            boolean isFinal = in.acceptKeyword("final");
            List<Integer> supers = new ArrayList<>();
            while (IdSpace.isIndex(in.peek())) supers.add(scope.types.resolve(in));
            CompositeType composite = compositeType(index);
            in.expectRParen();
            sub = new SubType(isFinal, supers.stream().mapToInt(Integer::intValue).toArray(), composite);
        } else {
            sub = SubType.plain(compositeType(index));
        }
        in.expectRParen();
        return sub;
    }

    private CompositeType compositeType(int index) {
        in.expectLParen();
        Token kw = in.next();
        CompositeType result = switch (kw.text()) {
            case "func" -> {
                ModuleScope.TypeUseParts parts = scope.typeUseParts(true);
                if (parts.explicitIndex() != null) throw in.unexpected(parts.explicitAt(), "'param' or 'result'");
                yield new FuncType(parts.params(), parts.results());
            }
            case "struct" -> structType(index);
            case "array" -> new ArrayType(fieldType());
            default -> throw in.unexpected(kw, "'func', 'struct' or 'array'");
        };
        in.expectRParen();
        return result;
    }

    private StructType structType(int index) {
        List<FieldType> fields = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        while (in.atParenKeyword("field")) {
            in.next();
            in.next();
            Token idToken = in.peek();
            String id = in.acceptId();
            if (id != null) {
                if (ids.containsKey(id)) throw in.error(idToken, "duplicate field $" + id);
                ids.put(id, fields.size());
                fields.add(fieldType());
            } else {
                while (!in.peek().is(Kind.RPAREN)) fields.add(fieldType());
            }
            in.expectRParen();
        }
        if (!ids.isEmpty()) scope.fieldIds.put(index, ids);
        return new StructType(fields);
    }

    private FieldType fieldType() {
        if (in.atParenKeyword("mut")) {
            in.next();
            in.next();
            ValType t = types.storageType();
            in.expectRParen();
            return new FieldType(t, true);
        }
        return new FieldType(types.storageType(), false);
    }
}
