package dev.gatun.internal.text;

import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.Token.Kind;

/** Value types, heap types and reference types in the text format. */
final class TypeSyntax {
    private final TokenCursor in;
    private final IdSpace types;

    TypeSyntax(TokenCursor in, IdSpace types) {
        this.in = in;
        this.types = types;
    }

    /** The code of an abstract heap type keyword, or 0. */
    static int abstractHeapType(String word) {
        return switch (word) {
            case "func" -> HeapType.FUNC;
            case "extern" -> HeapType.EXTERN;
            case "any" -> HeapType.ANY;
            case "eq" -> HeapType.EQ;
            case "i31" -> HeapType.I31;
            case "struct" -> HeapType.STRUCT;
            case "array" -> HeapType.ARRAY;
            case "none" -> HeapType.NONE;
            case "nofunc" -> HeapType.NOFUNC;
            case "noextern" -> HeapType.NOEXTERN;
            case "exn" -> HeapType.EXN;
            case "noexn" -> HeapType.NOEXN;
            default -> 0;
        };
    }

    /** A reference type shorthand keyword (funcref, ...), or null. */
    static ValType refShorthand(String word) {
        return switch (word) {
            case "funcref" -> ValType.FUNCREF;
            case "externref" -> ValType.EXTERNREF;
            case "anyref" -> ValType.ANYREF;
            case "eqref" -> ValType.EQREF;
            case "i31ref" -> ValType.I31REF;
            case "structref" -> ValType.STRUCTREF;
            case "arrayref" -> ValType.ARRAYREF;
            case "nullref" -> ValType.NULLREF;
            case "nullfuncref" -> ValType.NULLFUNCREF;
            case "nullexternref" -> ValType.NULLEXTERNREF;
            case "exnref" -> ValType.EXNREF;
            case "nullexnref" -> ValType.NULLEXNREF;
            default -> null;
        };
    }

    static ValType numericOrVector(String word) {
        return switch (word) {
            case "i32" -> ValType.I32;
            case "i64" -> ValType.I64;
            case "f32" -> ValType.F32;
            case "f64" -> ValType.F64;
            case "v128" -> ValType.V128;
            default -> null;
        };
    }

    /** An abstract heap type keyword or a type index. */
    int heapType() {
        Token t = in.peek();
        if (t.is(Kind.KEYWORD)) {
            int ht = abstractHeapType(t.text());
            if (ht == 0) throw in.unexpected(t, "a heap type");
            in.next();
            return ht;
        }
        if (IdSpace.isIndex(t)) return types.resolve(in);
        throw in.unexpected(t, "a heap type");
    }

    boolean atRefType() {
        Token t = in.peek();
        return (t.is(Kind.KEYWORD) && refShorthand(t.text()) != null) || in.atParenKeyword("ref");
    }

    boolean atValType() {
        Token t = in.peek();
        return (t.is(Kind.KEYWORD) && numericOrVector(t.text()) != null) || atRefType();
    }

    /** A reference type: a shorthand or {@code (ref null? ht)}. */
    ValType refType() {
        Token t = in.peek();
        if (t.is(Kind.KEYWORD)) {
            ValType v = refShorthand(t.text());
            if (v == null) throw in.unexpected(t, "a reference type");
            in.next();
            return v;
        }
        if (!in.atParenKeyword("ref")) throw in.unexpected(t, "a reference type");
        in.next();
        in.next();
        boolean nullable = in.acceptKeyword("null");
        int ht = heapType();
        in.expectRParen();
        return ValType.ref(nullable, ht);
    }

    ValType valType() {
        Token t = in.peek();
        if (t.is(Kind.KEYWORD)) {
            ValType v = numericOrVector(t.text());
            if (v != null) {
                in.next();
                return v;
            }
        }
        return refType();
    }

    /** A field's storage type: a value type or packed i8/i16. */
    ValType storageType() {
        if (in.acceptKeyword("i8")) return ValType.PACKED_I8;
        if (in.acceptKeyword("i16")) return ValType.PACKED_I16;
        return valType();
    }
}
