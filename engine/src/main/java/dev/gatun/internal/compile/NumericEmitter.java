package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.runtime.NumericOps;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Bytecode for the numeric instructions (constants aside): a JVM opcode where its semantics equal Wasm's,
 * else a call to {@link NumericOps} or a JDK method with exactly the Wasm behaviour. Operand and result types
 * follow the opcode table's signature, which the caller applies to its type stack.
 */
final class NumericEmitter {
    private NumericEmitter() {}

    private static final ClassDesc OPS = JvmTypes.desc(NumericOps.class);
    private static final ClassDesc INTEGER = ClassDesc.of("java.lang.Integer");
    private static final ClassDesc LONG = ClassDesc.of("java.lang.Long");
    private static final ClassDesc FLOAT = ClassDesc.of("java.lang.Float");
    private static final ClassDesc DOUBLE = ClassDesc.of("java.lang.Double");
    private static final ClassDesc MATH = ClassDesc.of("java.lang.Math");

    private static final MethodTypeDesc I_I = MethodTypeDesc.of(CD_int, CD_int);
    private static final MethodTypeDesc II_I = MethodTypeDesc.of(CD_int, CD_int, CD_int);
    private static final MethodTypeDesc J_J = MethodTypeDesc.of(CD_long, CD_long);
    private static final MethodTypeDesc JJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    private static final MethodTypeDesc JJ_I = MethodTypeDesc.of(CD_int, CD_long, CD_long);
    private static final MethodTypeDesc F_F = MethodTypeDesc.of(CD_float, CD_float);
    private static final MethodTypeDesc FF_F = MethodTypeDesc.of(CD_float, CD_float, CD_float);
    private static final MethodTypeDesc D_D = MethodTypeDesc.of(CD_double, CD_double);
    private static final MethodTypeDesc DD_D = MethodTypeDesc.of(CD_double, CD_double, CD_double);
    private static final MethodTypeDesc F_I = MethodTypeDesc.of(CD_int, CD_float);
    private static final MethodTypeDesc D_I = MethodTypeDesc.of(CD_int, CD_double);
    private static final MethodTypeDesc F_J = MethodTypeDesc.of(CD_long, CD_float);
    private static final MethodTypeDesc D_J = MethodTypeDesc.of(CD_long, CD_double);
    private static final MethodTypeDesc I_F = MethodTypeDesc.of(CD_float, CD_int);
    private static final MethodTypeDesc J_F = MethodTypeDesc.of(CD_float, CD_long);
    private static final MethodTypeDesc I_D = MethodTypeDesc.of(CD_double, CD_int);
    private static final MethodTypeDesc J_D = MethodTypeDesc.of(CD_double, CD_long);

    /**
     * An i32 rotate as plain shifts, {@code (x << n) | (x >>> -n)} for rotl (mirrored for rotr), which C2
     * matches to one rotate instruction. Not a call to {@code Integer.rotateLeft}: in a large function C2 runs
     * out of inlining budget (DesiredMethodLimit) and leaves such calls as real calls inside hot loops (ChaCha
     * rounds). Stack: {@code x n -> x n x n -> x n (x >>> -n) -> r x n -> r (x << n) -> result}; JVM shifts
     * mask the count to 5 bits exactly as Wasm does.
     */
    private static void i32Rotate(CodeBuilder c, boolean left) {
        c.dup2();
        c.ineg();
        if (left) c.iushr(); else c.ishl();
        c.dup_x2();
        c.pop();
        if (left) c.ishl(); else c.iushr();
        c.ior();
    }

    /**
     * An i64 rotate, for the same reason as {@link #i32Rotate} (C2 left {@code Long.rotateLeft} calls uninlined in
     * libsodium's BLAKE2b/SHA-512 rounds: "size &gt; DesiredMethodLimit"). The count is a long, and two longs
     * cannot be reordered on the JVM stack, so it goes through a scratch slot: {@code x n -> x -> x x ->
     * x (x << n) -> (x << n) x (x << n) -> (x << n) x -> (x << n) (x >>> -n) -> result} (rotr mirrored).
     */
    static void i64Rotate(CodeBuilder c, boolean left, int countSlot) {
        c.lstore(countSlot);
        c.dup2();
        c.lload(countSlot);
        c.l2i();
        if (left) c.lshl(); else c.lushr();
        c.dup2_x2();
        c.pop2();
        c.lload(countSlot);
        c.l2i();
        c.ineg();
        if (left) c.lushr(); else c.lshl();
        c.lor();
    }

    /** Emits {@code op}; returns false if it is not a numeric instruction handled here. */
    static boolean emit(Opcode op, CodeBuilder c) {
        switch (op) {
            // comparisons: operands combined, then a 0/1 from the branch that tests the condition
            case I32_EQZ, I32_EQ, I32_NE, I32_LT_S, I32_GT_S, I32_LE_S, I32_GE_S, I32_LT_U, I32_GT_U, I32_LE_U,
                 I32_GE_U, I64_EQZ, I64_EQ, I64_NE, I64_LT_S, I64_GT_S, I64_LE_S, I64_GE_S, I64_LT_U, I64_GT_U,
                 I64_LE_U, I64_GE_U, F32_EQ, F32_NE, F32_LT, F32_GT, F32_LE, F32_GE, F64_EQ, F64_NE, F64_LT,
                 F64_GT, F64_LE, F64_GE -> bool(c, condition(op, c));
            // i32 arithmetic
            case I32_CLZ -> c.invokestatic(INTEGER, "numberOfLeadingZeros", I_I);
            case I32_CTZ -> c.invokestatic(INTEGER, "numberOfTrailingZeros", I_I);
            case I32_POPCNT -> c.invokestatic(INTEGER, "bitCount", I_I);
            case I32_ADD -> c.iadd();
            case I32_SUB -> c.isub();
            case I32_MUL -> c.imul();
            case I32_DIV_S -> ops(c, "i32DivS", II_I);
            case I32_DIV_U -> ops(c, "i32DivU", II_I);
            case I32_REM_S -> ops(c, "i32RemS", II_I);
            case I32_REM_U -> ops(c, "i32RemU", II_I);
            case I32_AND -> c.iand();
            case I32_OR -> c.ior();
            case I32_XOR -> c.ixor();
            case I32_SHL -> c.ishl();
            case I32_SHR_S -> c.ishr();
            case I32_SHR_U -> c.iushr();
            case I32_ROTL -> i32Rotate(c, true);
            case I32_ROTR -> i32Rotate(c, false);
            // i64 arithmetic (JVM shifts take an int count and mask it like Wasm)
            case I64_CLZ -> ops(c, "i64Clz", J_J);
            case I64_CTZ -> ops(c, "i64Ctz", J_J);
            case I64_POPCNT -> ops(c, "i64Popcnt", J_J);
            case I64_ADD -> c.ladd();
            case I64_SUB -> c.lsub();
            case I64_MUL -> c.lmul();
            case I64_DIV_S -> ops(c, "i64DivS", JJ_J);
            case I64_DIV_U -> ops(c, "i64DivU", JJ_J);
            case I64_REM_S -> ops(c, "i64RemS", JJ_J);
            case I64_REM_U -> ops(c, "i64RemU", JJ_J);
            case I64_AND -> c.land();
            case I64_OR -> c.lor();
            case I64_XOR -> c.lxor();
            case I64_SHL -> {
                c.l2i();
                c.lshl();
            }
            case I64_SHR_S -> {
                c.l2i();
                c.lshr();
            }
            case I64_SHR_U -> {
                c.l2i();
                c.lushr();
            }
            // f32
            case F32_ABS -> ops(c, "f32Abs", F_F);
            case F32_NEG -> ops(c, "f32Neg", F_F);
            case F32_CEIL -> ops(c, "f32Ceil", F_F);
            case F32_FLOOR -> ops(c, "f32Floor", F_F);
            case F32_TRUNC -> ops(c, "f32Trunc", F_F);
            case F32_NEAREST -> ops(c, "f32Nearest", F_F);
            case F32_SQRT -> ops(c, "f32Sqrt", F_F);
            case F32_ADD -> c.fadd();
            case F32_SUB -> c.fsub();
            case F32_MUL -> c.fmul();
            case F32_DIV -> c.fdiv();
            case F32_MIN -> ops(c, "f32Min", FF_F);
            case F32_MAX -> ops(c, "f32Max", FF_F);
            case F32_COPYSIGN -> ops(c, "f32Copysign", FF_F);
            // f64
            case F64_ABS -> ops(c, "f64Abs", D_D);
            case F64_NEG -> ops(c, "f64Neg", D_D);
            case F64_CEIL -> ops(c, "f64Ceil", D_D);
            case F64_FLOOR -> ops(c, "f64Floor", D_D);
            case F64_TRUNC -> ops(c, "f64Trunc", D_D);
            case F64_NEAREST -> ops(c, "f64Nearest", D_D);
            case F64_SQRT -> c.invokestatic(MATH, "sqrt", D_D);
            case F64_ADD -> c.dadd();
            case F64_SUB -> c.dsub();
            case F64_MUL -> c.dmul();
            case F64_DIV -> c.ddiv();
            case F64_MIN -> ops(c, "f64Min", DD_D);
            case F64_MAX -> ops(c, "f64Max", DD_D);
            case F64_COPYSIGN -> ops(c, "f64Copysign", DD_D);
            // conversions
            case I32_WRAP_I64 -> c.l2i();
            case I32_TRUNC_F32_S -> ops(c, "i32TruncF32S", F_I);
            case I32_TRUNC_F32_U -> ops(c, "i32TruncF32U", F_I);
            case I32_TRUNC_F64_S -> ops(c, "i32TruncF64S", D_I);
            case I32_TRUNC_F64_U -> ops(c, "i32TruncF64U", D_I);
            case I64_EXTEND_I32_S -> c.i2l();
            case I64_EXTEND_I32_U -> { // not Integer.toUnsignedLong: past C2's inlining budget it stays a call
                c.i2l();
                c.loadConstant(0xFFFF_FFFFL);
                c.land();
            }
            case I64_TRUNC_F32_S -> ops(c, "i64TruncF32S", F_J);
            case I64_TRUNC_F32_U -> ops(c, "i64TruncF32U", F_J);
            case I64_TRUNC_F64_S -> ops(c, "i64TruncF64S", D_J);
            case I64_TRUNC_F64_U -> ops(c, "i64TruncF64U", D_J);
            case F32_CONVERT_I32_S -> c.i2f();
            case F32_CONVERT_I32_U -> ops(c, "f32ConvertI32U", I_F);
            case F32_CONVERT_I64_S -> c.l2f();
            case F32_CONVERT_I64_U -> ops(c, "f32ConvertI64U", J_F);
            case F32_DEMOTE_F64 -> c.d2f();
            case F64_CONVERT_I32_S -> c.i2d();
            case F64_CONVERT_I32_U -> ops(c, "f64ConvertI32U", I_D);
            case F64_CONVERT_I64_S -> c.l2d();
            case F64_CONVERT_I64_U -> ops(c, "f64ConvertI64U", J_D);
            case F64_PROMOTE_F32 -> c.f2d();
            case I32_REINTERPRET_F32 -> c.invokestatic(FLOAT, "floatToRawIntBits", F_I);
            case I64_REINTERPRET_F64 -> c.invokestatic(DOUBLE, "doubleToRawLongBits", D_J);
            case F32_REINTERPRET_I32 -> c.invokestatic(FLOAT, "intBitsToFloat", I_F);
            case F64_REINTERPRET_I64 -> c.invokestatic(DOUBLE, "longBitsToDouble", J_D);
            // sign extension
            case I32_EXTEND8_S -> c.i2b();
            case I32_EXTEND16_S -> c.i2s();
            case I64_EXTEND8_S -> {
                c.l2i();
                c.i2b();
                c.i2l();
            }
            case I64_EXTEND16_S -> {
                c.l2i();
                c.i2s();
                c.i2l();
            }
            case I64_EXTEND32_S -> {
                c.l2i();
                c.i2l();
            }
            // saturating truncation: the JVM's signed casts saturate and map NaN to 0, as Wasm does
            case I32_TRUNC_SAT_F32_S -> c.f2i();
            case I32_TRUNC_SAT_F64_S -> c.d2i();
            case I64_TRUNC_SAT_F32_S -> c.f2l();
            case I64_TRUNC_SAT_F64_S -> c.d2l();
            case I32_TRUNC_SAT_F32_U -> ops(c, "i32TruncSatF32U", F_I);
            case I32_TRUNC_SAT_F64_U -> ops(c, "i32TruncSatF64U", D_I);
            case I64_TRUNC_SAT_F32_U -> ops(c, "i64TruncSatF32U", F_J);
            case I64_TRUNC_SAT_F64_U -> ops(c, "i64TruncSatF64U", D_J);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void ops(CodeBuilder c, String name, MethodTypeDesc desc) {
        c.invokestatic(OPS, name, desc);
    }

    /** Pushes 1 if the branch {@code op} (consuming its operands) is taken, else 0. */
    static void bool(CodeBuilder c, java.lang.classfile.Opcode op) {
        Label yes = c.newLabel();
        Label done = c.newLabel();
        c.branch(op, yes);
        c.iconst_0();
        c.goto_(done);
        c.labelBinding(yes);
        c.iconst_1();
        c.labelBinding(done);
    }

    /** Whether {@code op} is a comparison (its result, an i32 0 or 1, can feed a branch directly). */
    static boolean isComparison(Opcode op) {
        return switch (op) {
            case I32_EQZ, I32_EQ, I32_NE, I32_LT_S, I32_GT_S, I32_LE_S, I32_GE_S, I32_LT_U, I32_GT_U, I32_LE_U,
                 I32_GE_U, I64_EQZ, I64_EQ, I64_NE, I64_LT_S, I64_GT_S, I64_LE_S, I64_GE_S, I64_LT_U, I64_GT_U,
                 I64_LE_U, I64_GE_U, F32_EQ, F32_NE, F32_LT, F32_GT, F32_LE, F32_GE, F64_EQ, F64_NE, F64_LT,
                 F64_GT, F64_LE, F64_GE -> true;
            default -> false;
        };
    }

    /**
     * For a comparison: emits what combines its operands (nothing for i32 signed ones, {@code lcmp},
     * {@code fcmpl}/{@code dcmpg}, {@code compareUnsigned}) and returns the JVM branch instruction that jumps
     * exactly when the Wasm comparison is true. Callers branch on it directly ({@code br_if}, {@code if}) or
     * make a 0/1 of it.
     */
    static java.lang.classfile.Opcode condition(Opcode op, CodeBuilder c) {
        return switch (op) {
            case I32_EQZ -> java.lang.classfile.Opcode.IFEQ;
            case I32_EQ -> java.lang.classfile.Opcode.IF_ICMPEQ;
            case I32_NE -> java.lang.classfile.Opcode.IF_ICMPNE;
            case I32_LT_S -> java.lang.classfile.Opcode.IF_ICMPLT;
            case I32_GT_S -> java.lang.classfile.Opcode.IF_ICMPGT;
            case I32_LE_S -> java.lang.classfile.Opcode.IF_ICMPLE;
            case I32_GE_S -> java.lang.classfile.Opcode.IF_ICMPGE;
            case I32_LT_U -> unsignedCompare(c, INTEGER, II_I, java.lang.classfile.Opcode.IFLT);
            case I32_GT_U -> unsignedCompare(c, INTEGER, II_I, java.lang.classfile.Opcode.IFGT);
            case I32_LE_U -> unsignedCompare(c, INTEGER, II_I, java.lang.classfile.Opcode.IFLE);
            case I32_GE_U -> unsignedCompare(c, INTEGER, II_I, java.lang.classfile.Opcode.IFGE);
            case I64_EQZ -> {
                c.lconst_0();
                c.lcmp();
                yield java.lang.classfile.Opcode.IFEQ;
            }
            case I64_EQ -> longCompare(c, java.lang.classfile.Opcode.IFEQ);
            case I64_NE -> longCompare(c, java.lang.classfile.Opcode.IFNE);
            case I64_LT_S -> longCompare(c, java.lang.classfile.Opcode.IFLT);
            case I64_GT_S -> longCompare(c, java.lang.classfile.Opcode.IFGT);
            case I64_LE_S -> longCompare(c, java.lang.classfile.Opcode.IFLE);
            case I64_GE_S -> longCompare(c, java.lang.classfile.Opcode.IFGE);
            case I64_LT_U -> unsignedCompare(c, LONG, JJ_I, java.lang.classfile.Opcode.IFLT);
            case I64_GT_U -> unsignedCompare(c, LONG, JJ_I, java.lang.classfile.Opcode.IFGT);
            case I64_LE_U -> unsignedCompare(c, LONG, JJ_I, java.lang.classfile.Opcode.IFLE);
            case I64_GE_U -> unsignedCompare(c, LONG, JJ_I, java.lang.classfile.Opcode.IFGE);
            // pick fcmpl/fcmpg so that NaN makes the branch fail (or succeed for ne)
            case F32_EQ -> floatCompare(c, false, true, java.lang.classfile.Opcode.IFEQ);
            case F32_NE -> floatCompare(c, false, true, java.lang.classfile.Opcode.IFNE);
            case F32_LT -> floatCompare(c, false, false, java.lang.classfile.Opcode.IFLT);
            case F32_GT -> floatCompare(c, false, true, java.lang.classfile.Opcode.IFGT);
            case F32_LE -> floatCompare(c, false, false, java.lang.classfile.Opcode.IFLE);
            case F32_GE -> floatCompare(c, false, true, java.lang.classfile.Opcode.IFGE);
            case F64_EQ -> floatCompare(c, true, true, java.lang.classfile.Opcode.IFEQ);
            case F64_NE -> floatCompare(c, true, true, java.lang.classfile.Opcode.IFNE);
            case F64_LT -> floatCompare(c, true, false, java.lang.classfile.Opcode.IFLT);
            case F64_GT -> floatCompare(c, true, true, java.lang.classfile.Opcode.IFGT);
            case F64_LE -> floatCompare(c, true, false, java.lang.classfile.Opcode.IFLE);
            case F64_GE -> floatCompare(c, true, true, java.lang.classfile.Opcode.IFGE);
            default -> throw new IllegalArgumentException("not a comparison: " + op.mnemonic);
        };
    }

    /**
     * The branch that jumps exactly when {@code branch} does not. Also right after {@code fcmp}/{@code dcmp}:
     * the variant chosen there makes NaN fail the original branch, so it takes the negated one.
     */
    static java.lang.classfile.Opcode negate(java.lang.classfile.Opcode branch) {
        return switch (branch) {
            case IFEQ -> java.lang.classfile.Opcode.IFNE;
            case IFNE -> java.lang.classfile.Opcode.IFEQ;
            case IFLT -> java.lang.classfile.Opcode.IFGE;
            case IFGE -> java.lang.classfile.Opcode.IFLT;
            case IFGT -> java.lang.classfile.Opcode.IFLE;
            case IFLE -> java.lang.classfile.Opcode.IFGT;
            case IF_ICMPEQ -> java.lang.classfile.Opcode.IF_ICMPNE;
            case IF_ICMPNE -> java.lang.classfile.Opcode.IF_ICMPEQ;
            case IF_ICMPLT -> java.lang.classfile.Opcode.IF_ICMPGE;
            case IF_ICMPGE -> java.lang.classfile.Opcode.IF_ICMPLT;
            case IF_ICMPGT -> java.lang.classfile.Opcode.IF_ICMPLE;
            case IF_ICMPLE -> java.lang.classfile.Opcode.IF_ICMPGT;
            default -> throw new IllegalArgumentException("not a conditional branch: " + branch);
        };
    }

    private static java.lang.classfile.Opcode unsignedCompare(CodeBuilder c, ClassDesc box, MethodTypeDesc desc,
                                                             java.lang.classfile.Opcode op) {
        c.invokestatic(box, "compareUnsigned", desc);
        return op;
    }

    private static java.lang.classfile.Opcode longCompare(CodeBuilder c, java.lang.classfile.Opcode op) {
        c.lcmp();
        return op;
    }

    /**
     * {@code nanIsLess}: use fcmpl/dcmpl (NaN gives -1) for eq/ne/gt/ge, fcmpg/dcmpg (NaN gives 1) for
     * lt/le, so an unordered comparison is false (true for ne).
     */
    private static java.lang.classfile.Opcode floatCompare(CodeBuilder c, boolean isDouble, boolean nanIsLess,
                                                           java.lang.classfile.Opcode op) {
        if (isDouble) {
            if (nanIsLess) c.dcmpl();
            else c.dcmpg();
        } else {
            if (nanIsLess) c.fcmpl();
            else c.fcmpg();
        }
        return op;
    }
}
