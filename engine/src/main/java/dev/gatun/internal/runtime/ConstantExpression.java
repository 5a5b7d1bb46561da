package dev.gatun.internal.runtime;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.compile.NotSupportedException;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.ValType;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Deque;

/**
 * Evaluates a (validated) constant expression at instantiation: constants, global.get of earlier globals,
 * ref.null, ref.func, ref.i31, the extern/any conversions, struct and array allocation, and the
 * extended-const i32/i64 add/sub/mul.
 * Values are boxed like the API's.
 */
final class ConstantExpression {
    private ConstantExpression() {}

    /**
     * The value of an expression built only from numeric constants and arithmetic (no global.get, no
     * references, no allocation), which is the same for every instance; null for any other expression.
     */
    static Object evaluateWithoutInstance(ByteSlice expression) {
        CodeReader reader = new CodeReader(expression);
        while (reader.hasNext()) {
            switch (reader.next()) {
                case I32_CONST, I64_CONST, I32_ADD, I32_SUB, I32_MUL, I64_ADD, I64_SUB, I64_MUL, END -> { }
                default -> {
                    return null;
                }
            }
        }
        return evaluate(expression, null, null);
    }

    static Object evaluate(ByteSlice expression, InstanceContext ctx) {
        return evaluate(expression, ctx, null);
    }

    /** {@code compiled} gives the types and canonical ids for struct/array allocations (may be null otherwise). */
    static Object evaluate(ByteSlice expression, InstanceContext ctx, CompiledModule compiled) {
        CodeReader reader = new CodeReader(expression);
        Deque<Object> stack = new ArrayDeque<>();
        while (reader.hasNext()) {
            switch (reader.next()) {
                case I32_CONST -> stack.push((int) reader.longValue);
                case I64_CONST -> stack.push(reader.longValue);
                case F32_CONST -> stack.push(Float.intBitsToFloat((int) reader.longValue));
                case F64_CONST -> stack.push(Double.longBitsToDouble(reader.longValue));
                case V128_CONST -> stack.push(new dev.gatun.V128(reader.v128Lo, reader.v128Hi));
                case GLOBAL_GET -> stack.push(new Boxed(ctx.globals[reader.index].value()));
                case REF_NULL -> stack.push(new Boxed(null));
                case REF_FUNC -> stack.push(ctx.functions[reader.index]);
                case REF_I31 -> stack.push(I31.of((Integer) unbox(stack.pop())));
                case ANY_CONVERT_EXTERN, EXTERN_CONVERT_ANY -> { } // the same object in either hierarchy
                case STRUCT_NEW, STRUCT_NEW_DEFAULT -> {
                    List<FieldType> fields = ((StructType) compiled.module().types().get(reader.index).composite()).fields();
                    Object struct = Aggregates.newStruct(compiled.canonicalTypeIds()[reader.index], fields.size());
                    if (reader.opcode == Opcode.STRUCT_NEW) {
                        for (int i = fields.size() - 1; i >= 0; i--) {
                            Object v = unbox(stack.pop());
                            ValType t = fields.get(i).storage().unpacked();
                            if (t.isRef()) Aggregates.initRef(struct, i, v);
                            else Aggregates.initBits(struct, i, Values.toBits(t, v));
                        }
                    }
                    stack.push(struct);
                }
                case ARRAY_NEW, ARRAY_NEW_DEFAULT, ARRAY_NEW_FIXED -> {
                    ValType t = ((ArrayType) compiled.module().types().get(reader.index).composite()).element()
                            .storage().unpacked();
                    int typeId = compiled.canonicalTypeIds()[reader.index];
                    Opcode op = reader.opcode;
                    int length = op == Opcode.ARRAY_NEW_FIXED ? reader.index2 : (Integer) unbox(stack.pop());
                    Object array = Aggregates.newDefaultArray(length, typeId, t.isRef());
                    if (op == Opcode.ARRAY_NEW) {
                        Object init = unbox(stack.pop());
                        for (int i = 0; i < length; i++) setElement(array, i, t, init);
                    } else if (op == Opcode.ARRAY_NEW_FIXED) {
                        for (int i = length - 1; i >= 0; i--) setElement(array, i, t, unbox(stack.pop()));
                    }
                    stack.push(array);
                }
                case I32_ADD -> { int b = (Integer) unbox(stack.pop()); stack.push((Integer) unbox(stack.pop()) + b); }
                case I32_SUB -> { int b = (Integer) unbox(stack.pop()); stack.push((Integer) unbox(stack.pop()) - b); }
                case I32_MUL -> { int b = (Integer) unbox(stack.pop()); stack.push((Integer) unbox(stack.pop()) * b); }
                case I64_ADD -> { long b = (Long) unbox(stack.pop()); stack.push((Long) unbox(stack.pop()) + b); }
                case I64_SUB -> { long b = (Long) unbox(stack.pop()); stack.push((Long) unbox(stack.pop()) - b); }
                case I64_MUL -> { long b = (Long) unbox(stack.pop()); stack.push((Long) unbox(stack.pop()) * b); }
                case END -> {
                    return unbox(stack.pop());
                }
                default -> throw new NotSupportedException("constant instruction " + reader.opcode.mnemonic);
            }
        }
        throw new IllegalStateException("constant expression without end");
    }

    private static void setElement(Object array, int i, ValType t, Object value) {
        if (t.isRef()) Aggregates.arraySetRef(array, i, value);
        else Aggregates.arraySetBits(array, i, Values.toBits(t, value));
    }

    /** ArrayDeque refuses null, so null references (and any global value) travel wrapped. */
    private record Boxed(Object value) {}

    private static Object unbox(Object o) {
        return o instanceof Boxed b ? b.value() : o;
    }
}
