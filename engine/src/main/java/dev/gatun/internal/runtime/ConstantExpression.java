package dev.gatun.internal.runtime;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.compile.NotSupportedException;
import dev.gatun.internal.model.ByteSlice;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Evaluates a (validated) constant expression at instantiation: constants, global.get of earlier globals,
 * ref.null, ref.func, ref.i31, the extern/any conversions and the extended-const i32/i64 add/sub/mul.
 * Values are boxed like the API's.
 */
final class ConstantExpression {
    private ConstantExpression() {}

    static Object evaluate(ByteSlice expression, InstanceContext ctx) {
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

    /** ArrayDeque refuses null, so null references (and any global value) travel wrapped. */
    private record Boxed(Object value) {}

    private static Object unbox(Object o) {
        return o instanceof Boxed b ? b.value() : o;
    }
}
