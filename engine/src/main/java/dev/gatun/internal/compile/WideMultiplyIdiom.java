package dev.gatun.internal.compile;

import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.ValType;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Recognises compiler-rt's {@code __multi3} as clang compiles it for wasm32, byte for byte: {@code (i32 result,
 * i64 aLow, i64 aHigh, i64 bLow, i64 bHigh)} storing the low 128 bits of the product at {@code result}, high
 * half first. Wasm has no 64x64-to-128 multiply, so C's {@code unsigned __int128} products (Poly1305, curve25519
 * and ed25519 field arithmetic: every libsodium module, shootout-ed25519, two more corpus programs) call this,
 * and its body builds the high half from four 32x32 multiplies: 149 JVM bytecodes, which hot callers inline
 * dozens of times until C2's inlining budget runs out and their memory helpers stay real calls. The body is
 * instead emitted as ({@link FunctionEmitter}):
 * <pre>
 *   i64.store offset=8 (result, Math.unsignedMultiplyHigh(aLow, bLow) + aLow * bHigh + aHigh * bLow)
 *   i64.store offset=0 (result, aLow * bLow)
 * </pre>
 * the same stores in the same order (so the same trap, and the same memory contents before it), through the
 * ordinary store path, inlined ({@link DirectMemoryAccess}) since a hot caller inlines this dozens of times and
 * helper calls cost C2 more of its inlining budget (with helpers 7 of the 25 copies in ed25519's field multiply
 * stayed calls). Only the exact bytes below match, so nothing else can be mistaken for it.
 */
final class WideMultiplyIdiom {
    private WideMultiplyIdiom() {}

    /** The body's code (after its locals): {@code local.get 0 ... i64.store offset=0; end}. */
    private static final byte[] CODE = HexFormat.of().parseHex(
            "2000200420017e200220037e7c20034220882202200142208822047e7c200342ffffffff0f832203200142ffffffff0f83"
            + "22017e2205422088200320047e7c22034220887c200342ffffffff0f83200220017e7c22014220887c370308200020"
            + "01422086200542ffffffff0f83843703000b");
    /** Where in {@link #CODE} the two stores are ({@code i64.store offset=8}, then {@code offset=0}). */
    static final int HIGH_STORE_AT = 0x5a;
    static final int LOW_STORE_AT = 0x6e;
    static final int RESULT = 0;
    static final int A_LOW = 1;
    static final int A_HIGH = 2;
    static final int B_LOW = 3;
    static final int B_HIGH = 4;

    private static final List<ValType> PARAMS = List.of(ValType.I32, ValType.I64, ValType.I64, ValType.I64, ValType.I64);

    static boolean matches(FuncType type, FunctionBody body) {
        if (!type.params().equals(PARAMS) || !type.results().isEmpty()) return false;
        if (!body.locals().equals(List.of(new Locals(1, ValType.I64)))) return false;
        var code = body.code();
        return code.length() == CODE.length
                && Arrays.equals(code.array(), code.offset(), code.end(), CODE, 0, CODE.length);
    }
}
