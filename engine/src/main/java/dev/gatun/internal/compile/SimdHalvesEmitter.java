package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.HeapMemoryAccess;
import dev.gatun.internal.runtime.SegmentMemoryAccess;
import dev.gatun.internal.runtime.V128Halves;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The SIMD instructions compiled on the two long halves of virtual v128 entries (see {@link SimdEmitter}),
 * allocating nothing. Every v128 operand is virtual when {@link #emit} runs; the result replaces the first
 * v128 operand's pair (the same stack index), so no value moves. Shapes, with {@code a}/{@code b} the
 * operands' pairs:
 * <ul>
 *   <li>lane-wise {@code op}: {@code lload a.lo, lload b.lo, invokestatic V128Halves.op(JJ)J, lload a.hi,
 *       lload b.hi, invokestatic op, lstore a.hi, lstore a.lo} (shifts take the count from a scratch int;
 *       i32x4/i64x2 shl/shr_u right after an i32.const are {@code lshl/lushr} by it and a constant mask);
 *       bitwise ops and i64x2 add/sub/mul/shifts are the plain long instruction in place of the call;</li>
 *   <li>tried and not kept: {@code local.tee x; i32.const n; i32x4.shl; local.get x; i32.const 32-n;
 *       i32x4.shr_u; v128.or} (BLAKE3's rotations by 12 and 7) as one rotation per half. The long operations
 *       are the same five; only the bytecode shrinks (~35 bytes each, no copies through the stack's pairs), and
 *       the measuring passes then cut blake3-simd's func26 into fewer, denser segments: 8 instead of 11 with a
 *       {@code rotateRight32} call per half, whose helpers passed C2's DesiredMethodLimit (116 i32x4Add calls
 *       not inlined; median 10.4 -> 12.6-16.6 ms); 12 with the rotation and i32x4.add inline (11.2 against
 *       10.5 ms); 12 of ~4000 bytes with C1SegmentSize also taking the helpers' bytecodes off the limit
 *       (11.2-12.8 against 10.2 ms, 30 iterations). The segment plan, not the lane arithmetic, decides this
 *       function. Also not kept: {@code i32x4.dot_i16x8_s; local.get acc; i32x4.add} (intgemm's 16-bit kernel,
 *       8 per inner iteration) as one {@code (a, b, acc)} helper per half adding each lane's two products
 *       straight into acc's lane (no pack, no carry fix-up): medians 50.2/52.8 against 49.4/48.5 ms (25
 *       iterations), and the kernel's share of JFR samples did not drop (its loop streams B from memory);</li>
 *   <li>i8x16.shuffle, per result half: a copy of one source half, a rotation of every 32- or 64-bit lane of one
 *       source half ({@code Long.rotateRight}, or {@code V128Halves.rotateRight32}: both 32-bit lanes by one
 *       shift each way and two masks; the byte rotations of ChaCha and BLAKE), or else an OR of shifted and masked source halves, one term
 *       per source half and distance the bytes move ({@link ShuffleHalfPlan}: {@code lload src, lshl/lushr
 *       8*d, land mask} with the shift or mask left out when it changes nothing), or for bytes of one source
 *       half kept in order into adjacent result bytes {@code lload src, ldc bytes, invokestatic Long.compress,
 *       (lshl 8*d)};</li>
 *   <li>v128.load/store on heap memories: one bounds check of all 16 bytes, then two accesses of the
 *       little-endian long view, high half first: {@code iload addr; i2l; ldc 0xFFFFFFFFL; land; ldc offset+16;
 *       ladd; (Wasm size: iload size, or aload bytes; arraylength); i2l; lcmp; ifle ok; invokestatic
 *       HeapMemoryAccess.outOfBounds; athrow;
 *       ok: (addr += (int) offset); getstatic HeapMemoryAccess.I64_VIEW; aload bytes; iload addr; ldc 8; iadd;
 *       invokevirtual VarHandle.get} (the same at {@code addr} for the low half; {@code set} with the half's
 *       lload for a store, which so traps before writing anything). Not the {@code HeapMemoryAccess.i64Load}
 *       helpers: in the unrolled kernel methods (intgemm's, split segments too) C2 had spent its inlining
 *       budget (size > DesiredMethodLimit) and left each a call, while a VarHandle chain is force-inlined.
 *       Same-run medians (15 iterations, 2 runs) intgemm-simd 107/93 -> 78/63 ms, blake3-simd 32/44 -> 19/17
 *       ms. The bounds check as one unsigned int compare ({@code Integer.compareUnsigned(addr, size -
 *       (offset + 15)) < 0}, where the memory's minimum size keeps the bound non-negative: a range-check
 *       shape loops could hoist) measured the same as this long compare (intgemm-simd 52-54 vs 52-53 ms,
 *       blake3-simd 15-16 vs 12-16 ms); JFR shows the view's own index check hot only in the non-kernel
 *       functions (main, PrepareB), not in the two kernels. On other 32-bit memories: two i64 accesses of the scalar path ({@code SegmentMemoryAccess}), the
 *       high half first so a store out of bounds traps before writing;</li>
 *   <li>relaxed swizzle, laneselect, trunc (f32x4), min/max: the shape of the deterministic op their object
 *       helper delegates to (swizzle, bitselect, trunc_sat, min/max);</li>
 *   <li>f32x4 add/sub/mul/div, nearest, i32x4.trunc_sat_f32x4_s (and relaxed_trunc_s), convert_i32x4_s: plain
 *       bytecode, no call. Per 32-bit lane {@code lload half; (bipush 32; lushr); l2i; Float.intBitsToFloat},
 *       the JVM's {@code fadd/fsub/fmul/fdiv} (or {@code f2d; Math.rint; d2f} for nearest, {@code f2i} for the
 *       saturating truncation: NaN to 0, out of range to the bound, exactly Wasm's), {@code floatToRawIntBits;
 *       i2l}, then {@code land 0xFFFFFFFF} for lane 0 or {@code lshl 32; lor} for lane 1. The helper calls they
 *       replace stayed calls in intgemm's kernels (C2's DesiredMethodLimit spent by the segment's own size);
 *       intrinsics (intBitsToFloat, rint, min/max) are expanded whatever the budget. NaN results are whatever
 *       the JVM's float op gives (a quiet NaN, what the spec calls arithmetic), as with the helpers before;</li>
 *   <li>narrow: plain bytecode as well, per source lane {@code lload; (lushr k); l2i; (i2s); Math.max min;
 *       Math.min max; iand mask; i2l; (lshl k'; lor)}, the low result half from the first operand, the high one
 *       from the second; extend_low/high:
 *       {@code extendS8(src)} then {@code extendS8(src >>> 32)} with {@code src} the low or high half
 *       ({@code Long.expand} into the lanes' low bytes, then the sign bits times a constant);</li>
 *   <li>select (a core instruction, so {@link FunctionEmitter} asks for it) of two virtual v128s: a mask from
 *       the condition, then {@code b ^ ((a ^ b) & mask)} per half, no branch;</li>
 *   <li>splat, extract_lane/replace_lane, v128.const: inline on the halves; any_true/all_true/bitmask:
 *       {@code V128Halves.op(a.lo, a.hi)}; extmul: {@code V128Halves.extmulS8(a.src, b.src)} (or U8, S16, U16,
 *       mulLowS32/U32) then the same on both shifted right by 32, {@code src} the low or high half;
 *       load*_splat/_zero, load*_lane/store*_lane: on heap memories the bounds check of v128.load for the
 *       access's width ({@code (addr & 0xFFFFFFFF) + offset + width > size} traps), then {@code baload/bastore}
 *       or an I16/I32/I64 view {@code get/set} (a store traps before writing), the loaded lane {@code i2l; land
 *       mask}; on other memories one scalar access of the scalar path's helper; then the same.</li>
 * </ul>
 */
final class SimdHalvesEmitter {
    private static final ClassDesc HALVES = JvmTypes.desc(V128Halves.class);
    private static final ClassDesc HEAP_ACCESS = JvmTypes.desc(HeapMemoryAccess.class);
    private static final ClassDesc SEGMENT_ACCESS = JvmTypes.desc(SegmentMemoryAccess.class);
    private static final MethodTypeDesc BINARY = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    private static final MethodTypeDesc UNARY = MethodTypeDesc.of(CD_long, CD_long);
    private static final MethodTypeDesc SHIFT = MethodTypeDesc.of(CD_long, CD_long, CD_int);
    private static final MethodTypeDesc SPLAT = MethodTypeDesc.of(CD_long, CD_int);
    private static final ClassDesc VAR_HANDLE = ClassDesc.of("java.lang.invoke.VarHandle");

    /** Lane-wise binary ops with a {@code (long, long) -> long} helper of the same name in {@link V128Halves}. */
    private static final Set<Opcode> HALF_HELPERS = EnumSet.of(Opcode.I8X16_ADD, Opcode.I8X16_SUB, Opcode.I8X16_EQ,
            Opcode.I16X8_ADD, Opcode.I16X8_SUB, Opcode.I16X8_MUL, Opcode.I32X4_ADD, Opcode.I32X4_SUB,
            Opcode.I32X4_MUL, Opcode.I32X4_EQ, Opcode.I32X4_MIN_S, Opcode.I32X4_MIN_U, Opcode.I32X4_MAX_S,
            Opcode.I32X4_MAX_U, Opcode.I8X16_MAX_S, Opcode.I8X16_MIN_S, Opcode.I8X16_MAX_U, Opcode.I8X16_MIN_U,
            Opcode.I8X16_ADD_SAT_S, Opcode.I8X16_ADD_SAT_U, Opcode.I8X16_SUB_SAT_S, Opcode.I8X16_SUB_SAT_U,
            Opcode.I16X8_ADD_SAT_S, Opcode.I16X8_SUB_SAT_S, Opcode.I16X8_MAX_S, Opcode.I16X8_MIN_S, Opcode.I16X8_EQ,
            Opcode.I32X4_DOT_I16X8_S, Opcode.I16X8_MIN_U,
            Opcode.I16X8_MAX_U, Opcode.I8X16_AVGR_U, Opcode.I16X8_AVGR_U, Opcode.I16X8_Q15MULR_SAT_S, Opcode.I64X2_EQ,
            Opcode.I64X2_NE, Opcode.I64X2_LT_S, Opcode.I64X2_GT_S, Opcode.I64X2_LE_S, Opcode.I64X2_GE_S);
    /** Float lanes ported after the first round (binary, then unary), helpers named like the object ones. */
    private static final Set<Opcode> FLOAT_BINARY = EnumSet.of(Opcode.F32X4_MIN, Opcode.F32X4_MAX,
            Opcode.F32X4_PMIN, Opcode.F32X4_PMAX, Opcode.F32X4_EQ, Opcode.F32X4_NE, Opcode.F32X4_LT, Opcode.F32X4_GT,
            Opcode.F32X4_LE, Opcode.F32X4_GE, Opcode.F64X2_ADD, Opcode.F64X2_SUB, Opcode.F64X2_MUL, Opcode.F64X2_DIV,
            Opcode.F64X2_MIN, Opcode.F64X2_MAX, Opcode.F64X2_PMIN, Opcode.F64X2_PMAX, Opcode.F64X2_EQ, Opcode.F64X2_NE,
            Opcode.F64X2_LT, Opcode.F64X2_GT, Opcode.F64X2_LE, Opcode.F64X2_GE);
    private static final Set<Opcode> FLOAT_UNARY = EnumSet.of(Opcode.F32X4_SQRT, Opcode.F32X4_ABS, Opcode.F32X4_NEG,
            Opcode.F32X4_CEIL, Opcode.F32X4_FLOOR, Opcode.F32X4_TRUNC, Opcode.I32X4_TRUNC_SAT_F32X4_U,
            Opcode.F32X4_CONVERT_I32X4_U, Opcode.F64X2_SQRT, Opcode.F64X2_ABS, Opcode.F64X2_NEG, Opcode.F64X2_CEIL,
            Opcode.F64X2_FLOOR, Opcode.F64X2_TRUNC, Opcode.F64X2_NEAREST);
    static {
        HALF_HELPERS.addAll(FLOAT_BINARY);
    }
    /** Lane-wise unary ops with a {@code (long) -> long} helper of the same name. */
    private static final Set<Opcode> UNARY_HELPERS = EnumSet.of(Opcode.I8X16_NEG, Opcode.I8X16_ABS, Opcode.I16X8_NEG,
            Opcode.I32X4_NEG,
            Opcode.I8X16_POPCNT, Opcode.I16X8_ABS, Opcode.I32X4_ABS, Opcode.I64X2_ABS, Opcode.I64X2_NEG,
            Opcode.I16X8_EXTADD_PAIRWISE_I8X16_S, Opcode.I16X8_EXTADD_PAIRWISE_I8X16_U,
            Opcode.I32X4_EXTADD_PAIRWISE_I16X8_S, Opcode.I32X4_EXTADD_PAIRWISE_I16X8_U);
    static {
        UNARY_HELPERS.addAll(FLOAT_UNARY);
    }
    /** Reductions of both halves to an i32 ({@code (long lo, long hi) -> int}, a helper of the same name). */
    private static final Set<Opcode> REDUCTIONS = EnumSet.of(Opcode.I8X16_BITMASK, Opcode.I16X8_BITMASK,
            Opcode.I32X4_BITMASK, Opcode.I64X2_BITMASK, Opcode.I8X16_ALL_TRUE, Opcode.I16X8_ALL_TRUE,
            Opcode.I32X4_ALL_TRUE, Opcode.I64X2_ALL_TRUE);
    /** Narrowing: a result half from both halves of one operand, {@code (long lo, long hi) -> long}. */
    static {
        for (Opcode op : Opcode.values()) {
            if (op.mnemonic.matches("i(8x16|16x8|32x4)\\.(eq|ne|[lg][te]_[su])")) HALF_HELPERS.add(op);
        }
    }
    /** Lane-wise shifts with a {@code (long, int) -> long} helper of the same name. */
    private static final Set<Opcode> SHIFT_HELPERS = EnumSet.of(Opcode.I8X16_SHL, Opcode.I8X16_SHR_S,
            Opcode.I8X16_SHR_U, Opcode.I16X8_SHL, Opcode.I16X8_SHR_S,
            Opcode.I16X8_SHR_U, Opcode.I32X4_SHL, Opcode.I32X4_SHR_S, Opcode.I32X4_SHR_U);

    /** Shifts of 32- and 64-bit lanes by a constant count: plain long shifts and a constant mask. */
    private static final Set<Opcode> CONSTANT_SHIFTS = EnumSet.of(Opcode.I32X4_SHL, Opcode.I32X4_SHR_U,
            Opcode.I64X2_SHL, Opcode.I64X2_SHR_U);

    private final FunctionEmitter fn;
    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final MemoryEmitter memory;

    SimdHalvesEmitter(FunctionEmitter fn, CompilationUnit unit, CodeBuilder code, TypeStack stack, MemoryEmitter memory) {
        this.fn = fn;
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.memory = memory;
    }

    /** Emits {@code op} on halves if it is one of the ported instructions; returns false otherwise. */
    boolean emit(Opcode op, CodeReader reader) {
        if (HALF_HELPERS.contains(op)) {
            binary(c -> c.invokestatic(HALVES, SimdEmitter.helperName(op.mnemonic), BINARY));
            return true;
        }
        if (UNARY_HELPERS.contains(op)) {
            unary(c -> c.invokestatic(HALVES, SimdEmitter.helperName(op.mnemonic), MethodTypeDesc.of(CD_long, CD_long)));
            return true;
        }
        if (REDUCTIONS.contains(op)) {
            reduce(SimdEmitter.helperName(op.mnemonic));
            return true;
        }
        if (op.mnemonic.contains(".extend_low_") || op.mnemonic.contains(".extend_high_")) {
            extend(op);
            return true;
        }
        if (CONSTANT_SHIFTS.contains(op) && fn.topIsI32Constant()) {
            constantShift(op, fn.topI32Constant());
            return true;
        }
        if (SHIFT_HELPERS.contains(op)) {
            shift(c -> c.invokestatic(HALVES, SimdEmitter.helperName(op.mnemonic), SHIFT));
            return true;
        }
        switch (op) {
            case V128_AND -> binary(CodeBuilder::land);
            case V128_OR -> binary(CodeBuilder::lor);
            case V128_XOR -> binary(CodeBuilder::lxor);
            case V128_ANDNOT -> binary(c -> {
                c.loadConstant(-1L);
                c.lxor();
                c.land();
            });
            case F32X4_ADD -> floatBinary(CodeBuilder::fadd);
            case F32X4_SUB -> floatBinary(CodeBuilder::fsub);
            case F32X4_MUL -> floatBinary(CodeBuilder::fmul);
            case F32X4_DIV -> floatBinary(CodeBuilder::fdiv);
            case F32X4_NEAREST -> floatUnary(SimdHalvesEmitter::nearestToBits);
            case I32X4_TRUNC_SAT_F32X4_S, I32X4_RELAXED_TRUNC_F32X4_S -> floatUnary(CodeBuilder::f2i);
            case F32X4_CONVERT_I32X4_S -> convertI32x4S();
            case I16X8_NARROW_I32X4_S -> narrow(32, -32768, 32767);
            case I16X8_NARROW_I32X4_U -> narrow(32, 0, 65535);
            case I8X16_NARROW_I16X8_S -> narrow(16, -128, 127);
            case I8X16_NARROW_I16X8_U -> narrow(16, 0, 255);
            case I64X2_ADD -> binary(CodeBuilder::ladd);
            case I64X2_SUB -> binary(CodeBuilder::lsub);
            case I64X2_MUL -> binary(CodeBuilder::lmul);
            case I64X2_SHL -> shift(CodeBuilder::lshl); // the JVM masks the count to 6 bits, as Wasm does
            case I64X2_SHR_S -> shift(CodeBuilder::lshr);
            case I64X2_SHR_U -> shift(CodeBuilder::lushr);
            case V128_NOT -> not();
            case V128_BITSELECT -> bitselect();
            case V128_ANY_TRUE -> anyTrue();
            case I64X2_EXTMUL_LOW_I32X4_S -> extmul(false, "mulLowS32");
            case I64X2_EXTMUL_HIGH_I32X4_S -> extmul(true, "mulLowS32");
            case I64X2_EXTMUL_LOW_I32X4_U -> extmul(false, "mulLowU32");
            case I64X2_EXTMUL_HIGH_I32X4_U -> extmul(true, "mulLowU32");
            case I16X8_EXTMUL_LOW_I8X16_S -> extmul(false, "extmulS8");
            case I16X8_EXTMUL_HIGH_I8X16_S -> extmul(true, "extmulS8");
            case I16X8_EXTMUL_LOW_I8X16_U -> extmul(false, "extmulU8");
            case I16X8_EXTMUL_HIGH_I8X16_U -> extmul(true, "extmulU8");
            case I32X4_EXTMUL_LOW_I16X8_S -> extmul(false, "extmulS16");
            case I32X4_EXTMUL_HIGH_I16X8_S -> extmul(true, "extmulS16");
            case I32X4_EXTMUL_LOW_I16X8_U -> extmul(false, "extmulU16");
            case I32X4_EXTMUL_HIGH_I16X8_U -> extmul(true, "extmulU16");
            // relaxed ops whose object helpers are the deterministic ones: the same shapes
            case I8X16_RELAXED_SWIZZLE -> swizzle();
            case I8X16_RELAXED_LANESELECT, I16X8_RELAXED_LANESELECT, I32X4_RELAXED_LANESELECT,
                 I64X2_RELAXED_LANESELECT -> bitselect();
            case I32X4_RELAXED_TRUNC_F32X4_U -> unary(c -> c.invokestatic(HALVES, "i32x4TruncSatF32x4U", UNARY));
            case F32X4_RELAXED_MIN -> binary(c -> c.invokestatic(HALVES, "f32x4Min", BINARY));
            case F32X4_RELAXED_MAX -> binary(c -> c.invokestatic(HALVES, "f32x4Max", BINARY));
            case F64X2_RELAXED_MIN -> binary(c -> c.invokestatic(HALVES, "f64x2Min", BINARY));
            case F64X2_RELAXED_MAX -> binary(c -> c.invokestatic(HALVES, "f64x2Max", BINARY));
            case I8X16_SHUFFLE -> shuffle(reader.lanes);
            case I8X16_SWIZZLE -> swizzle();
            case V128_CONST -> constant(reader.v128Lo, reader.v128Hi);
            case I8X16_SPLAT, I16X8_SPLAT, I32X4_SPLAT, I64X2_SPLAT, F32X4_SPLAT, F64X2_SPLAT -> splat(op);
            case I8X16_EXTRACT_LANE_S, I8X16_EXTRACT_LANE_U, I16X8_EXTRACT_LANE_S, I16X8_EXTRACT_LANE_U,
                 I32X4_EXTRACT_LANE, I64X2_EXTRACT_LANE, F32X4_EXTRACT_LANE, F64X2_EXTRACT_LANE ->
                    extractLane(op, reader.index);
            case I8X16_REPLACE_LANE, I16X8_REPLACE_LANE, I32X4_REPLACE_LANE, I64X2_REPLACE_LANE,
                 F32X4_REPLACE_LANE, F64X2_REPLACE_LANE -> replaceLane(op, reader.index);
            case V128_LOAD -> {
                if (unit.memoryIs64(reader.memory)) return false; // offset + 8 could wrap: the object path checks it
                load(reader);
            }
            case V128_STORE -> {
                if (unit.memoryIs64(reader.memory)) return false;
                store(reader);
            }
            case V128_LOAD8_SPLAT, V128_LOAD16_SPLAT, V128_LOAD32_SPLAT, V128_LOAD64_SPLAT, V128_LOAD32_ZERO,
                 V128_LOAD64_ZERO -> {
                if (unit.memoryIs64(reader.memory)) return false;
                loadScalar(op, reader);
            }
            case V128_LOAD8_LANE, V128_LOAD16_LANE, V128_LOAD32_LANE, V128_LOAD64_LANE -> {
                if (unit.memoryIs64(reader.memory)) return false;
                loadLane(op, reader);
            }
            case V128_STORE8_LANE, V128_STORE16_LANE, V128_STORE32_LANE, V128_STORE64_LANE -> {
                if (unit.memoryIs64(reader.memory)) return false;
                storeLane(op, reader);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private int lo(int index) {
        return fn.v128Pair(index);
    }

    private int hi(int index) {
        return fn.v128Pair(index) + 2;
    }

    /** Both halves computed on the JVM stack (low, then high): stores them into the pair of {@code index}. */
    private void storeHalves(int index) {
        code.lstore(hi(index));
        code.lstore(lo(index));
    }

    private void binary(Consumer<CodeBuilder> op) {
        int b = stack.height() - 1;
        int a = b - 1;
        code.lload(lo(a));
        code.lload(lo(b));
        op.accept(code);
        code.lload(hi(a));
        code.lload(hi(b));
        op.accept(code);
        storeHalves(a);
        stack.pop();
    }

    private void shift(Consumer<CodeBuilder> op) {
        int count = fn.scratch(TypeKind.INT, 0);
        code.istore(count);
        stack.pop();
        int a = stack.height() - 1;
        code.lload(lo(a));
        code.iload(count);
        op.accept(code);
        code.lload(hi(a));
        code.iload(count);
        op.accept(code);
        storeHalves(a);
    }

    /**
     * A shift by the i32.const just before it (its value is dropped from the JVM stack): both 32-bit lanes of a
     * half at once, {@code (x << n) & mask} with the bits that crossed into the next lane masked off.
     */
    private void constantShift(Opcode op, int count) {
        code.pop();
        stack.pop();
        int a = stack.height() - 1;
        boolean left = op == Opcode.I32X4_SHL || op == Opcode.I64X2_SHL;
        boolean lanes32 = op == Opcode.I32X4_SHL || op == Opcode.I32X4_SHR_U;
        int n = count & (lanes32 ? 31 : 63);
        long laneMask = lanes32 ? (left ? (0xFFFFFFFFL << n) & 0xFFFFFFFFL : 0xFFFFFFFFL >>> n) * 0x100000001L : -1L;
        for (int half = 0; half < 4; half += 2) {
            code.lload(lo(a) + half);
            if (n != 0) {
                code.loadConstant(n);
                if (left) code.lshl();
                else code.lushr();
                if (laneMask != -1L) {
                    code.loadConstant(laneMask);
                    code.land();
                }
            }
        }
        storeHalves(a);
    }

    private void unary(Consumer<CodeBuilder> op) {
        int a = stack.height() - 1;
        code.lload(lo(a));
        op.accept(code);
        code.lload(hi(a));
        op.accept(code);
        storeHalves(a);
    }

    // ---- f32x4 lanes as plain bytecode: no helper call, so none left behind when C2's inlining budget is spent ----

    private static final ClassDesc FLOAT = ClassDesc.of("java.lang.Float");
    private static final ClassDesc MATH = ClassDesc.of("java.lang.Math");

    /** Pushes f32 lane {@code lane} (0 or 1) of the half in {@code slot}: {@code lload; (lushr 32); l2i; intBitsToFloat}. */
    private void floatLane(int slot, int lane) {
        code.lload(slot);
        if (lane == 1) shiftRight32();
        code.l2i();
        code.invokestatic(FLOAT, "intBitsToFloat", MethodTypeDesc.of(CD_float, CD_int));
    }

    /**
     * [int bits of lane 0, (long so far)] -> one half: lane 0's bits {@code i2l; land 0xFFFFFFFF}, lane 1's
     * {@code i2l; lshl 32; lor} onto it.
     */
    private void packLane(int lane) {
        code.i2l();
        if (lane == 0) {
            code.loadConstant(0xFFFF_FFFFL);
            code.land();
        } else {
            code.loadConstant(32);
            code.lshl();
            code.lor();
        }
    }

    private void floatToBits(CodeBuilder c) {
        c.invokestatic(FLOAT, "floatToRawIntBits", MethodTypeDesc.of(CD_int, CD_float));
    }

    /** f32x4 add/sub/mul/div: per lane the float op of the JVM (IEEE binary32, round to nearest even). */
    private void floatBinary(Consumer<CodeBuilder> op) {
        int b = stack.height() - 1;
        int a = b - 1;
        for (int half = 0; half < 4; half += 2) {
            for (int lane = 0; lane < 2; lane++) {
                floatLane(lo(a) + half, lane);
                floatLane(lo(b) + half, lane);
                op.accept(code);
                floatToBits(code);
                packLane(lane);
            }
        }
        storeHalves(a);
        stack.pop();
    }

    /** A lane-wise f32x4 op from a float to the result lane's int bits ({@code toBits}), per lane. */
    private void floatUnary(Consumer<CodeBuilder> toBits) {
        int a = stack.height() - 1;
        for (int half = 0; half < 4; half += 2) {
            for (int lane = 0; lane < 2; lane++) {
                floatLane(lo(a) + half, lane);
                toBits.accept(code);
                packLane(lane);
            }
        }
        storeHalves(a);
    }

    /**
     * nearest: {@code f2d; Math.rint; d2f} (exact both ways: a float's integral neighbours are floats), ties to
     * even, -0.0 and infinities kept, NaN stays NaN; then the bits.
     */
    private static void nearestToBits(CodeBuilder c) {
        c.f2d();
        c.invokestatic(MATH, "rint", MethodTypeDesc.of(CD_double, CD_double));
        c.d2f();
        c.invokestatic(FLOAT, "floatToRawIntBits", MethodTypeDesc.of(CD_int, CD_float));
    }

    /** f32x4.convert_i32x4_s: per lane {@code l2i; i2f} (round to nearest even), then the bits. */
    private void convertI32x4S() {
        int a = stack.height() - 1;
        for (int half = 0; half < 4; half += 2) {
            for (int lane = 0; lane < 2; lane++) {
                code.lload(lo(a) + half);
                if (lane == 1) shiftRight32();
                code.l2i();
                code.i2f();
                floatToBits(code);
                packLane(lane);
            }
        }
        storeHalves(a);
    }

    /**
     * narrow of {@code fromBits}-wide lanes (32 or 16) to half as wide, saturating to {@code [min, max]}: the low
     * result half from both halves of the first operand, the high one from the second's. Per source lane
     * {@code lload; (lushr shift); l2i; (i2s); Math.max min; Math.min max; iand mask; i2l; (lshl to its place;
     * lor)} (Math.min/max are C2 intrinsics, inlined whatever the budget).
     */
    private void narrow(int fromBits, int min, int max) {
        int b = stack.height() - 1;
        int a = b - 1;
        int toBits = fromBits / 2;
        int lanesPerHalf = 64 / fromBits;
        MethodTypeDesc intBinary = MethodTypeDesc.of(CD_int, CD_int, CD_int);
        for (int operand : new int[] {a, b}) {
            for (int lane = 0; lane < 2 * lanesPerHalf; lane++) {
                code.lload(lane < lanesPerHalf ? lo(operand) : hi(operand));
                int shift = (lane % lanesPerHalf) * fromBits;
                if (shift != 0) {
                    code.loadConstant(shift);
                    code.lushr();
                }
                code.l2i();
                if (fromBits == 16) code.i2s();
                code.loadConstant(min);
                code.invokestatic(MATH, "max", intBinary);
                code.loadConstant(max);
                code.invokestatic(MATH, "min", intBinary);
                code.loadConstant((1 << toBits) - 1);
                code.iand();
                code.i2l();
                if (lane > 0) {
                    code.loadConstant(lane * toBits);
                    code.lshl();
                    code.lor();
                }
            }
        }
        storeHalves(a);
        stack.pop();
    }

    /** extend_low/high: both result halves from one source half (its low 32 bits, then its high 32 bits). */
    private void extend(Opcode op) {
        int a = stack.height() - 1;
        String m = op.mnemonic;
        String fromBits = m.endsWith("i8x16_s") || m.endsWith("i8x16_u") ? "8" : m.contains("_i16x8_") ? "16" : "32";
        String helper = "extend" + (m.endsWith("_s") ? "S" : "U") + fromBits;
        int source = m.contains("_low_") ? lo(a) : hi(a);
        for (int part = 0; part < 2; part++) {
            code.lload(source);
            if (part == 1) shiftRight32();
            code.invokestatic(HALVES, helper, MethodTypeDesc.of(CD_long, CD_long));
        }
        storeHalves(a);
    }

    private void not() {
        int a = stack.height() - 1;
        for (int half = 0; half < 2; half++) {
            code.lload(lo(a) + 2 * half);
            code.loadConstant(-1L);
            code.lxor();
        }
        storeHalves(a);
    }

    /** {@code (a & c) | (b & ~c)} as {@code b ^ ((a ^ b) & c)}. */
    private void bitselect() {
        int c = stack.height() - 1;
        int b = c - 1;
        int a = b - 1;
        blend(a, b, half -> lo(c) + half);
        stack.pop();
        stack.pop();
    }

    /** Per half {@code b ^ ((a ^ b) & mask)} into {@code a}, the mask half from the long slot {@code maskSlot(half)}. */
    private void blend(int a, int b, java.util.function.IntUnaryOperator maskSlot) {
        for (int half = 0; half < 4; half += 2) {
            code.lload(lo(b) + half);
            code.lload(lo(a) + half);
            code.lload(lo(b) + half);
            code.lxor();
            code.lload(maskSlot.applyAsInt(half));
            code.land();
            code.lxor();
        }
        storeHalves(a);
    }

    /**
     * select of two virtual v128s by the i32 on the JVM stack, branch-free: {@code mask = (long) ((c | -c) >> 31)}
     * (all ones when {@code c != 0}), then per half {@code b ^ ((a ^ b) & mask)}.
     */
    void select() {
        int mask = fn.scratch(TypeKind.LONG, 0);
        code.dup();
        code.ineg();
        code.ior();
        code.bipush(31);
        code.ishr();
        code.i2l();
        code.lstore(mask);
        stack.pop();
        int b = stack.height() - 1;
        int a = b - 1;
        blend(a, b, half -> mask);
        stack.pop();
    }

    private void anyTrue() {
        reduce("anyTrue");
    }

    /** any_true, all_true, bitmask: {@code helper(lo, hi)}, an i32. */
    private void reduce(String helper) {
        int a = stack.height() - 1;
        code.lload(lo(a));
        code.lload(hi(a));
        code.invokestatic(HALVES, helper, MethodTypeDesc.of(CD_int, CD_long, CD_long));
        stack.pop();
        stack.push(ValType.I32);
    }

    /**
     * extmul of the lanes in one half of each operand: each result half from 32 bits of each (the low ones,
     * then the high ones), {@code multiply} widening the lanes found there (4 bytes, 2 i16 or 1 i32).
     */
    private void extmul(boolean high, String multiply) {
        int b = stack.height() - 1;
        int a = b - 1;
        int aSource = high ? hi(a) : lo(a);
        int bSource = high ? hi(b) : lo(b);
        for (int lane = 0; lane < 2; lane++) {
            code.lload(aSource);
            if (lane == 1) shiftRight32();
            code.lload(bSource);
            if (lane == 1) shiftRight32();
            code.invokestatic(HALVES, multiply, BINARY);
        }
        storeHalves(a);
        stack.pop();
    }

    private void shiftRight32() {
        code.loadConstant(32);
        code.lushr();
    }

    private void shuffle(byte[] lanes) {
        int b = stack.height() - 1;
        int a = b - 1;
        int[] sources = {lo(a), hi(a), lo(b), hi(b)};
        for (int half = 0; half < 2; half++) shuffleHalf(lanes, half * 8, sources);
        storeHalves(a);
        stack.pop();
    }

    /** Pushes one result half of a shuffle, in the cheapest shape its 8 constant indices allow. */
    private void shuffleHalf(byte[] lanes, int from, int[] sources) {
        int source = lanes[from] >> 3;
        boolean oneSource = true;
        for (int i = 0; i < 8; i++) oneSource &= lanes[from + i] >> 3 == source;
        if (oneSource) {
            int rotation64 = rotation(lanes, from, 8);
            if (rotation64 >= 0) {
                code.lload(sources[source]);
                if (rotation64 > 0) {
                    code.loadConstant(rotation64 * 8);
                    code.invokestatic(ClassDesc.of("java.lang.Long"), "rotateRight", SHIFT);
                }
                return;
            }
            int rotation32 = rotation(lanes, from, 4);
            if (rotation32 >= 0) {
                code.lload(sources[source]);
                code.loadConstant(rotation32 * 8);
                code.invokestatic(HALVES, "rotateRight32", SHIFT);
                return;
            }
        }
        ShuffleHalfPlan plan = ShuffleHalfPlan.of(lanes, from);
        for (int k = 0; k < plan.terms().size(); k++) {
            ShuffleHalfPlan.Term term = plan.terms().get(k);
            code.lload(sources[term.source()]);
            if (term.compresses()) {
                code.loadConstant(term.compressMask());
                code.invokestatic(ClassDesc.of("java.lang.Long"), "compress", BINARY);
                if (term.shiftBytes() != 0) {
                    code.loadConstant(8 * term.shiftBytes());
                    code.lshl();
                }
                if (k > 0) code.lor();
                continue;
            }
            if (term.shiftBytes() != 0) {
                code.loadConstant(8 * Math.abs(term.shiftBytes()));
                if (term.shiftBytes() > 0) code.lshl();
                else code.lushr();
            }
            if (!term.maskIsRedundant()) {
                code.loadConstant(term.mask());
                code.land();
            }
            if (k > 0) code.lor();
        }
    }

    /**
     * If the 8 indices at {@code from} (all in one source half) rotate every {@code laneBytes}-byte lane of
     * it right by the same number of bytes, that number (0 = the half unchanged); else -1.
     */
    private static int rotation(byte[] lanes, int from, int laneBytes) {
        int base = lanes[from] & ~7;
        int r = (lanes[from] - base) % laneBytes;
        for (int i = 0; i < 8; i++) {
            int expected = base + (i / laneBytes) * laneBytes + (i % laneBytes + r) % laneBytes;
            if (lanes[from + i] != expected) return -1;
        }
        return r;
    }

    private void swizzle() {
        int s = stack.height() - 1;
        int a = s - 1;
        MethodTypeDesc half = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long);
        for (int h = 0; h < 4; h += 2) {
            code.lload(lo(a));
            code.lload(hi(a));
            code.lload(lo(s) + h);
            code.invokestatic(HALVES, "i8x16Swizzle", half);
        }
        storeHalves(a);
        stack.pop();
    }

    private void constant(long lo, long hi) {
        int index = stack.height();
        code.loadConstant(lo);
        code.loadConstant(hi);
        storeHalves(index);
        stack.pushVirtual();
    }

    private void splat(Opcode op) {
        stack.pop();
        int index = stack.height();
        switch (op) {
            case I8X16_SPLAT -> code.invokestatic(HALVES, "i8x16Splat", SPLAT);
            case I16X8_SPLAT -> code.invokestatic(HALVES, "i16x8Splat", SPLAT);
            case I32X4_SPLAT -> code.invokestatic(HALVES, "i32x4Splat", SPLAT);
            case F32X4_SPLAT -> {
                code.invokestatic(ClassDesc.of("java.lang.Float"), "floatToRawIntBits", MethodTypeDesc.of(CD_int, CD_float));
                code.invokestatic(HALVES, "i32x4Splat", SPLAT);
            }
            case F64X2_SPLAT -> code.invokestatic(ClassDesc.of("java.lang.Double"), "doubleToRawLongBits",
                    MethodTypeDesc.of(CD_long, CD_double));
            default -> { } // i64x2: the long itself
        }
        code.dup2();
        storeHalves(index);
        stack.pushVirtual();
    }

    private static int laneBits(Opcode op) {
        String shape = op.mnemonic.substring(0, op.mnemonic.indexOf('.'));
        return switch (shape) {
            case "i8x16" -> 8;
            case "i16x8" -> 16;
            case "i32x4", "f32x4" -> 32;
            default -> 64;
        };
    }

    private void extractLane(Opcode op, int lane) {
        int a = stack.height() - 1;
        int bits = laneBits(op) * lane;
        code.lload(bits < 64 ? lo(a) : hi(a));
        if ((bits & 63) != 0) {
            code.loadConstant(bits & 63);
            code.lushr();
        }
        switch (op) {
            case I8X16_EXTRACT_LANE_S -> {
                code.l2i();
                code.i2b();
            }
            case I8X16_EXTRACT_LANE_U -> {
                code.l2i();
                code.loadConstant(0xFF);
                code.iand();
            }
            case I16X8_EXTRACT_LANE_S -> {
                code.l2i();
                code.i2s();
            }
            case I16X8_EXTRACT_LANE_U -> {
                code.l2i();
                code.loadConstant(0xFFFF);
                code.iand();
            }
            case I32X4_EXTRACT_LANE -> code.l2i();
            case F32X4_EXTRACT_LANE -> {
                code.l2i();
                code.invokestatic(ClassDesc.of("java.lang.Float"), "intBitsToFloat", MethodTypeDesc.of(CD_float, CD_int));
            }
            case F64X2_EXTRACT_LANE -> code.invokestatic(ClassDesc.of("java.lang.Double"), "longBitsToDouble",
                    MethodTypeDesc.of(CD_double, CD_long));
            default -> { } // i64x2: the half
        }
        stack.pop();
        stack.push(TypeStack.typeOfLetter(op.signature.charAt(op.signature.length() - 1)));
    }

    private void replaceLane(Opcode op, int lane) {
        stack.pop();
        int a = stack.height() - 1;
        int laneBits = laneBits(op);
        int bits = laneBits * lane;
        int half = bits < 64 ? lo(a) : hi(a);
        switch (op) {
            case F32X4_REPLACE_LANE -> {
                code.invokestatic(ClassDesc.of("java.lang.Float"), "floatToRawIntBits", MethodTypeDesc.of(CD_int, CD_float));
                code.i2l();
            }
            case F64X2_REPLACE_LANE -> code.invokestatic(ClassDesc.of("java.lang.Double"), "doubleToRawLongBits",
                    MethodTypeDesc.of(CD_long, CD_double));
            case I64X2_REPLACE_LANE -> { }
            default -> code.i2l();
        }
        if (laneBits < 64) {
            code.lload(half);
            code.loadConstant(-1L >>> (64 - laneBits));
            code.loadConstant(bits & 63);
            code.invokestatic(HALVES, "insertBits", MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_int));
        }
        code.lstore(half);
    }

    private void loadMemory(int memoryIndex) {
        if (unit.memoryOnHeap(memoryIndex)) memory.loadMemoryBytesAndSize(memoryIndex);
        else memory.loadSegmentMemory(memoryIndex);
    }

    /** An access helper's type: the leading operands, then the memory operands {@link #loadMemory} pushes, then the offset. */
    private MethodTypeDesc accessType(ClassDesc result, int memoryIndex, ClassDesc... leading) {
        java.util.List<ClassDesc> params = new java.util.ArrayList<>(java.util.List.of(leading));
        if (unit.memoryOnHeap(memoryIndex)) params.addAll(java.util.List.of(MemoryEmitter.BYTES, CD_int));
        else params.add(MemoryEmitter.SEGMENT_MEMORY);
        params.add(CD_long);
        return MethodTypeDesc.of(result, params);
    }

    private ClassDesc accessClass(int memoryIndex) {
        return unit.memoryOnHeap(memoryIndex) ? HEAP_ACCESS : SEGMENT_ACCESS;
    }

    private void load(CodeReader reader) {
        int address = fn.scratch(TypeKind.INT, 0);
        code.istore(address);
        if (unit.memoryOnHeap(reader.memory)) {
            heapIndex(reader, address);
            for (int offset : new int[] {8, 0}) heapView(reader.memory, address, offset);
        } else {
            MethodTypeDesc load = accessType(CD_long, reader.memory, CD_int);
            for (long offset : new long[] {reader.offset + 8, reader.offset}) {
                code.iload(address);
                loadMemory(reader.memory);
                code.loadConstant(offset);
                code.invokestatic(accessClass(reader.memory), "i64Load", load);
            }
        }
        stack.pop();
        int index = stack.height();
        code.lstore(lo(index));
        code.lstore(hi(index));
        stack.pushVirtual();
    }

    /**
     * The bounds check of a 16-byte access to a heap memory, then its index replacing the address in
     * {@code slot}: {@code (address & 0xFFFFFFFF) + offset + 16 > bound} throws the trap (long arithmetic, so
     * neither the address nor the offset can wrap), else {@code slot = address + (int) offset}, which then is
     * below the bound.
     */
    private void heapIndex(CodeReader reader, int slot) {
        heapIndex(reader, slot, 16);
    }

    /** {@link #heapIndex(CodeReader, int)} for an access of {@code width} bytes. */
    private void heapIndex(CodeReader reader, int slot, int width) {
        code.iload(slot);
        code.i2l();
        code.loadConstant(0xFFFF_FFFFL);
        code.land();
        code.loadConstant(reader.offset + width);
        code.ladd();
        memory.loadMemorySize(reader.memory); // the Wasm size: the array may have spare capacity
        code.i2l();
        code.lcmp();
        Label inBounds = code.newLabel();
        code.ifle(inBounds);
        code.invokestatic(HEAP_ACCESS, "outOfBounds", MethodTypeDesc.of(JvmTypes.desc(MemoryOutOfBoundsTrap.class)));
        code.athrow();
        code.labelBinding(inBounds);
        if (reader.offset != 0) {
            code.iload(slot);
            code.loadConstant((int) reader.offset);
            code.iadd();
            code.istore(slot);
        }
    }

    /** [] -> [long]: one 8-byte little-endian view access at {@code index + offset}, force-inlined by C2. */
    private void heapView(int memoryIndex, int index, int offset) {
        pushViewOperands(memoryIndex, 64, index, offset);
        code.invokevirtual(VAR_HANDLE, "get", MethodTypeDesc.of(CD_long, MemoryEmitter.BYTES, CD_int));
    }

    private void heapViewStore(int memoryIndex, int index, int offset, int value) {
        pushViewOperands(memoryIndex, 64, index, offset);
        code.lload(value);
        code.invokevirtual(VAR_HANDLE, "set", MethodTypeDesc.of(CD_void, MemoryEmitter.BYTES, CD_int, CD_long));
    }

    /** [] -> [VarHandle, byte[], int]: the {@code bits}-wide view, the memory's array and {@code index + offset}. */
    private void pushViewOperands(int memoryIndex, int bits, int index, int offset) {
        code.getstatic(HEAP_ACCESS, viewName(bits), VAR_HANDLE);
        memory.loadMemoryBytes(memoryIndex);
        code.iload(index);
        if (offset != 0) {
            code.loadConstant(offset);
            code.iadd();
        }
    }

    /** Lane width in bits of a memory lane/splat/zero instruction ({@code v128.load32_splat} -> 32). */
    private static int accessBits(Opcode op) {
        String m = op.mnemonic;
        int from = m.indexOf("load") >= 0 ? m.indexOf("load") + 4 : m.indexOf("store") + 5;
        int to = m.indexOf('_', from);
        return Integer.parseInt(m.substring(from, to));
    }

    /**
     * [address] -> [the {@code bits}-wide lane as a long, zero-extended]. On heap memories inline: the bounds
     * check of {@link #heapIndex} for {@code bits / 8} bytes, then {@code baload} or a VarHandle view
     * {@code get} (force-inlined by C2, where helper calls stay calls past its inlining budget) and
     * {@code i2l; land mask}; on other memories the scalar path's helper.
     */
    private void loadLaneBits(CodeReader reader, int bits) {
        if (!unit.memoryOnHeap(reader.memory)) {
            scalarAccess(reader, bits == 64 ? "i64Load" : "i64Load" + bits + "U", CD_long, false);
            return;
        }
        int address = checkedLaneAddress(reader, bits);
        if (bits == 8) {
            code.baload();
        } else {
            pushViewOperands(reader.memory, bits, address, 0);
            code.invokevirtual(VAR_HANDLE, "get", MethodTypeDesc.of(viewType(bits), MemoryEmitter.BYTES, CD_int));
        }
        if (bits < 64) {
            code.i2l();
            code.loadConstant(-1L >>> (64 - bits));
            code.land();
        }
    }

    /**
     * [address, lane bits (a long, only the low {@code bits} meaningful)] -> []: on heap memories the bounds
     * check, then {@code bastore} or a view {@code set}; on other memories the scalar path's helper.
     */
    private void storeLaneBits(CodeReader reader, int bits) {
        if (!unit.memoryOnHeap(reader.memory)) {
            if (bits == 64) {
                scalarAccess(reader, "i64Store", CD_long, true);
            } else {
                code.l2i();
                scalarAccess(reader, bits == 8 ? "i32Store8" : bits == 16 ? "i32Store16" : "i32Store", CD_int, true);
            }
            return;
        }
        int value = fn.scratch(TypeKind.LONG, 0);
        code.lstore(value);
        int address = checkedLaneAddress(reader, bits);
        if (bits == 8) {
            code.lload(value);
            code.l2i();
            code.bastore();
            return;
        }
        pushViewOperands(reader.memory, bits, address, 0);
        code.lload(value);
        if (bits < 64) code.l2i();
        if (bits == 16) code.i2s();
        code.invokevirtual(VAR_HANDLE, "set", MethodTypeDesc.of(CD_void, MemoryEmitter.BYTES, CD_int, viewType(bits)));
    }

    /**
     * [address] -> [] for 16-64 bits, [array, address] for 8: the address into a scratch slot (returned), the
     * bounds check of {@link #heapIndex} for {@code bits / 8} bytes, and for a byte lane the operands of
     * {@code baload}/{@code bastore}.
     */
    private int checkedLaneAddress(CodeReader reader, int bits) {
        int address = fn.scratch(TypeKind.INT, 0);
        code.istore(address);
        heapIndex(reader, address, bits / 8);
        if (bits == 8) {
            memory.loadMemoryBytes(reader.memory);
            code.iload(address);
        }
        return address;
    }

    private static String viewName(int bits) {
        return bits == 16 ? "I16_VIEW" : bits == 32 ? "I32_VIEW" : "I64_VIEW";
    }

    private static ClassDesc viewType(int bits) {
        return bits == 16 ? CD_short : bits == 32 ? CD_int : CD_long;
    }

    /** A scalar access through the scalar path's helper (address and, for stores, the value on the stack). */
    private void scalarAccess(CodeReader reader, String helper, ClassDesc value, boolean isStore) {
        loadMemory(reader.memory);
        code.loadConstant(reader.offset);
        MethodTypeDesc type = isStore
                ? accessType(CD_void, reader.memory, CD_int, value)
                : accessType(value, reader.memory, CD_int);
        code.invokestatic(accessClass(reader.memory), helper, type);
    }

    /** load*_splat and load*_zero: one scalar load ({@link #loadLaneBits}), then both halves from it. */
    private void loadScalar(Opcode op, CodeReader reader) {
        int bits = accessBits(op);
        boolean zero = op.mnemonic.endsWith("_zero");
        loadLaneBits(reader, bits);
        stack.pop();
        int index = stack.height();
        if (zero) {
            code.lstore(lo(index));
            code.lconst_0();
            code.lstore(hi(index));
        } else {
            if (bits < 64) {
                code.l2i();
                code.invokestatic(HALVES, bits == 8 ? "i8x16Splat" : bits == 16 ? "i16x8Splat" : "i32x4Splat", SPLAT);
            }
            code.dup2();
            storeHalves(index);
        }
        stack.pushVirtual();
    }

    /** load*_lane: the lane's bits loaded as a long and inserted into the vector's half. */
    private void loadLane(Opcode op, CodeReader reader) {
        int bits = accessBits(op);
        int v = stack.height() - 1;
        loadLaneBits(reader, bits);
        int bit = bits * reader.index;
        int half = bit < 64 ? lo(v) : hi(v);
        if (bits < 64) {
            code.lload(half);
            code.loadConstant(-1L >>> (64 - bits));
            code.loadConstant(bit & 63);
            code.invokestatic(HALVES, "insertBits", MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_int));
        }
        code.lstore(half);
        // the result's index is the address's: move the vector's pair down one
        int result = v - 1;
        code.lload(lo(v));
        code.lstore(lo(result));
        code.lload(hi(v));
        code.lstore(hi(result));
        stack.pop();
        stack.pop();
        stack.pushVirtual();
    }

    /** store*_lane: the lane's bits shifted down from the vector's half, then a scalar store. */
    private void storeLane(Opcode op, CodeReader reader) {
        int bits = accessBits(op);
        int v = stack.height() - 1;
        int bit = bits * reader.index;
        code.lload(bit < 64 ? lo(v) : hi(v));
        if ((bit & 63) != 0) {
            code.loadConstant(bit & 63);
            code.lushr();
        }
        storeLaneBits(reader, bits);
        stack.pop();
        stack.pop();
    }

    private void store(CodeReader reader) {
        int v = stack.height() - 1;
        int address = fn.scratch(TypeKind.INT, 0);
        code.istore(address);
        if (unit.memoryOnHeap(reader.memory)) {
            heapIndex(reader, address); // checked before either half is written
            heapViewStore(reader.memory, address, 8, hi(v));
            heapViewStore(reader.memory, address, 0, lo(v));
        } else {
            MethodTypeDesc store = accessType(CD_void, reader.memory, CD_int, CD_long);
            // the high half first: when it is in bounds, so is the low half (no partial store before a trap)
            for (int half = 1; half >= 0; half--) {
                code.iload(address);
                code.lload(lo(v) + 2 * half);
                loadMemory(reader.memory);
                code.loadConstant(reader.offset + 8L * half);
                code.invokestatic(accessClass(reader.memory), "i64Store", store);
            }
        }
        stack.pop();
        stack.pop();
    }
}
