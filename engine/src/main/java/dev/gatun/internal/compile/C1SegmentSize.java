package dev.gatun.internal.compile;

import dev.gatun.internal.runtime.V128Halves;
import java.lang.classfile.Attributes;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;

/**
 * How large a segment method may be for HotSpot's C1 to compile it, by its shape. C1 gives each value of
 * the method, and of every callee it inlines, a virtual register, and bails out ("out of virtual registers in
 * linear scan") past its maximum; bytecode length alone is a poor measure of that:
 * <ul>
 *   <li>segments of memory accesses and calls (bz2's of 4879-6747 bytes; blake3-simd's scalar func16 at 5428
 *       bytes with ~400 invocations: VarHandle views, HeapMemoryAccess helpers, their out-of-bounds
 *       throws) ran out, so such code keeps {@link SplitFunctionEmitter#C1_LIMIT};</li>
 *   <li>straight-line long-half SIMD arithmetic, mostly local loads and stores (which C1 turns into no values)
 *       around small {@link V128Halves} helpers, compiled at 5000-6400 bytes (blake3-simd's func26, intgemm-simd's
 *       func24 and func27, with at most ~90 other invocations): it may reach {@link #ARITHMETIC_LIMIT}.</li>
 * </ul>
 * Bigger segments mean fewer crossings of the hot loop (blake3-simd's func26: 9 segments instead of 20).
 */
final class C1SegmentSize {
    /** Bytecode length up to which a segment of mostly arithmetic compiles with C1. */
    static final int ARITHMETIC_LIMIT = 6000;
    /** Invocations other than {@link V128Halves} helpers up to which a segment counts as arithmetic. */
    static final int ARITHMETIC_MAX_INVOCATIONS = 128;
    private static final ClassDesc HALVES = ClassDesc.of(V128Halves.class.getName());

    private C1SegmentSize() {}

    /** The bytecode length up to which C1 is expected to compile a method of this shape. */
    static int limit(MethodModel method) {
        CodeModel code = method.code().orElse(null);
        if (code == null) return SplitFunctionEmitter.C1_LIMIT;
        int invocations = 0;
        for (var element : code) {
            if (element instanceof InvokeInstruction invoke && !invoke.owner().asSymbol().equals(HALVES)) {
                if (++invocations > ARITHMETIC_MAX_INVOCATIONS) return SplitFunctionEmitter.C1_LIMIT;
            }
        }
        return ARITHMETIC_LIMIT;
    }

    /** Code length of a method (0 without code). */
    static int length(MethodModel method) {
        return method.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
    }
}
