package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.V128FloatOps;
import dev.gatun.internal.runtime.V128Memory;
import dev.gatun.internal.runtime.V128Ops;
import dev.gatun.internal.runtime.V128SegmentAccess;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;

/**
 * The v128 instructions (prefix 0xFD, fixed-width and relaxed SIMD).
 *
 * <p><b>Representation.</b> In call parameters and results, globals, exceptions, block parameters and
 * results, branches and split-segment frames a v128 is an immutable {@link dev.gatun.V128} object (two
 * {@code long} halves) in one JVM reference slot, so it rides every existing path of the emitter. Wasm locals
 * and params of type v128 are kept by the body as two {@code long} slots ({@link #LOCAL_SLOTS}). On the
 * operand stack a v128 entry is either <em>real</em> (a V128 object on the JVM stack) or <em>virtual</em>
 * ({@link TypeStack#pushVirtual}): its halves are in a pair of long locals, one pair per stack index
 * ({@link FunctionEmitter#v128Pair}), and it has no JVM stack slot.
 * <ul>
 *   <li>local.get, v128.const, v128.load, splats and every SIMD instruction producing a v128 leave a virtual
 *       entry; local.get copies the local's halves into the pair of the new entry's index
 *       ({@code lload local; lstore pair}, twice), local.set/tee copy them back, drop emits nothing;</li>
 *   <li>a SIMD instruction first makes its v128 operands virtual: if one is real (a call or block result, a
 *       global), the operands on the JVM stack go to scratch slots and come back in order, each V128
 *       {@code lo()/hi()} into its pair. Then {@link SimdHalvesEmitter} emits the ported instructions on the
 *       halves (no allocation; its javadoc shows the shapes), the result in the pair of the first operand;</li>
 *   <li>the rest use the object helpers (fallback): the operands become objects ({@code V128Ops.pack} of the
 *       pairs; scalars after the first v128 wait in scratch slots), then one {@code invokestatic} of a helper
 *       named after the mnemonic ({@link V128Ops}, {@link V128FloatOps}, {@link V128Memory},
 *       {@link V128SegmentAccess}, immediates after the operands), and a v128 result goes to its pair
 *       ({@code dup, lo(), lstore, hi(), lstore}): C2 removes these objects when it inlines the helper;</li>
 *   <li>scalar instructions that only touch the values above (numeric, plain loads/stores, locals, consts)
 *       leave virtual entries alone, and so does select (of scalars, or of two virtual v128s on their halves,
 *       see {@link SimdHalvesEmitter}; a v128 select with a real operand still flushes); everything else
 *       (control, calls, globals, table/GC/exception ops, a split-segment cut) is preceded by a <em>flush</em> ({@link FunctionEmitter#flushV128}): the
 *       values above the lowest virtual entry go to scratch slots and every entry from there up is pushed
 *       again in order, virtual ones as {@code V128Ops.pack(lo, hi)}, so those paths see the canonical stack.</li>
 * </ul>
 * Straight-line SIMD code, the shape of compiled C crypto loops (local.get, lane ops, local.set, v128.load/
 * store), then runs on longs only. The JDK Vector API is not used (incubator module, needs
 * {@code --add-modules}).
 *
 * <p>Measured (JDK 25, loaded 2-core machine, same-run medians before -> after virtual entries): JMH
 * {@code SimdKernelBenchmark.dotSimd} allocates 97 bytes per call, the invoke overhead of the scalar kernel
 * too, against 225 before; the corpus modules' generated code has no object helper call left (chacha20,
 * intgemm) or 3 (blake3, against 1607 {@code pack}s); medians chacha20 100.6 -> 4.95 ms, blake3-simd 502 ->
 * 17.5 ms, intgemm-simd 6741 -> 335 ms (with smaller SIMD segments, see {@code SegmentPlanner}; all six
 * corpus SIMD modules in {@code benchmarks/README.md}).
 */
final class SimdEmitter {
    private static final ClassDesc V128 = JvmTypes.V128;
    private static final ClassDesc OPS = JvmTypes.desc(V128Ops.class);
    private static final ClassDesc FLOAT_OPS = JvmTypes.desc(V128FloatOps.class);
    private static final ClassDesc MEMORY = JvmTypes.desc(V128Memory.class);
    private static final ClassDesc SEGMENT_MEMORY_ACCESS = JvmTypes.desc(V128SegmentAccess.class);
    private static final DirectMethodHandleDesc CONSTANT_BOOTSTRAP =
            ConstantDescs.ofConstantBootstrap(OPS, "constant", V128, CD_long, CD_long);

    private final FunctionEmitter fn;
    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final MemoryEmitter memory;
    private final SimdHalvesEmitter halves;

    SimdEmitter(FunctionEmitter fn, CompilationUnit unit, CodeBuilder code, TypeStack stack, MemoryEmitter memory) {
        this.fn = fn;
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.memory = memory;
        this.halves = new SimdHalvesEmitter(fn, unit, code, stack, memory);
    }

    /** GC struct and array fields hold numbers as raw 64-bit patterns, which a v128 does not fit yet. */
    static void rejectV128Fields(dev.gatun.internal.model.ModuleModel module) {
        for (var type : module.types()) {
            boolean v128Field = switch (type.composite()) {
                case dev.gatun.internal.model.Types.StructType s ->
                        s.fields().stream().anyMatch(f -> f.storage().kind() == ValType.Kind.V128);
                case dev.gatun.internal.model.Types.ArrayType a -> a.element().storage().kind() == ValType.Kind.V128;
                default -> false;
            };
            if (v128Field) throw new NotSupportedException("v128 fields in structs and arrays");
        }
    }

    /** JVM slots of one v128 local: two longs (low half, then high half). */
    static final int LOCAL_SLOTS = 4;
    private static final MethodTypeDesc PACK = MethodTypeDesc.of(V128, CD_long, CD_long);
    private static final MethodTypeDesc HALF = MethodTypeDesc.of(CD_long);

    /** local.get of a v128 local: a virtual entry, the local's halves copied into the pair of its index. */
    void loadLocal(int slot) {
        int pair = fn.v128Pair(stack.height());
        copyPair(slot, pair);
        stack.pushVirtual();
    }

    /** local.set of a v128 local: the halves of a virtual entry, or the object's. */
    void storeLocal(int slot) {
        if (stack.isVirtualFromTop(0)) copyPair(fn.v128Pair(stack.height() - 1), slot);
        else storeObjectInLocal(slot);
        stack.pop();
    }

    /** local.tee of a v128 local (the entry stays as it is). */
    void teeLocal(int slot) {
        if (stack.isVirtualFromTop(0)) {
            copyPair(fn.v128Pair(stack.height() - 1), slot);
        } else {
            code.dup();
            storeObjectInLocal(slot);
        }
    }

    private void copyPair(int from, int to) {
        code.lload(from);
        code.lstore(to);
        code.lload(from + 2);
        code.lstore(to + 2);
    }

    /** select of two virtual v128 entries, on their halves (see {@link SimdHalvesEmitter#select}). */
    void selectVirtual() {
        halves.select();
    }

    /** Pushes the virtual entry at {@code index} as a V128 object: it becomes a real entry. */
    void pushAsObject(int index) {
        int pair = fn.v128Pair(index);
        code.lload(pair);
        code.lload(pair + 2);
        code.invokestatic(OPS, "pack", PACK);
        stack.setVirtual(index, false);
    }

    /** Pops the V128 object on top of the JVM stack into the pair of {@code index}, which becomes virtual. */
    private void unpackInto(int index) {
        storeObjectInLocal(fn.v128Pair(index));
        stack.setVirtual(index, true);
    }

    /** Pops a v128 object into two long slots. */
    void storeObjectInLocal(int slot) {
        code.dup();
        code.invokevirtual(V128, "lo", HALF);
        code.lstore(slot);
        code.invokevirtual(V128, "hi", HALF);
        code.lstore(slot + 2);
    }

    void zeroLocal(int slot) {
        code.lconst_0();
        code.lstore(slot);
        code.lconst_0();
        code.lstore(slot + 2);
    }

    /** Emits {@code op} if it is a SIMD instruction; returns false otherwise. */
    boolean emit(Opcode op, CodeReader reader) {
        if (op.prefix != Opcode.PREFIX_SIMD) return false;
        int operands = op.signature.indexOf('>');
        virtualizeOperands(operands);
        if (halves.emit(op, reader)) return true;
        pushOperandsAsObjects(op.signature, operands);
        emitOnObjects(op, reader);
        if (op.signature.endsWith("v")) unpackInto(stack.height() - 1);
        return true;
    }

    /**
     * Turns the real v128 operands of the next instruction (from a call, a block result, a global) into
     * virtual ones: the operands on the JVM stack go to scratch slots and come back in order, v128 ones
     * into their pairs.
     */
    private void virtualizeOperands(int operands) {
        int base = stack.height() - operands;
        boolean anyReal = false;
        List<ValType> onJvmStack = new ArrayList<>();
        for (int i = base; i < stack.height(); i++) {
            if (stack.isVirtual(i)) continue;
            onJvmStack.add(stack.get(i));
            anyReal |= stack.get(i).kind() == ValType.Kind.V128;
        }
        if (!anyReal) return;
        int[] slots = fn.spill(onJvmStack);
        int next = 0;
        for (int i = base; i < stack.height(); i++) {
            if (stack.isVirtual(i)) continue;
            ValType t = stack.get(i);
            code.loadLocal(JvmTypes.kind(t), slots[next++]);
            if (t.kind() == ValType.Kind.V128) unpackInto(i);
        }
    }

    /**
     * The fallback for instructions without a half-wise form: the operands (all v128 ones virtual) become
     * what the object helpers take, objects in Wasm order; scalars after the first v128 wait in scratch slots.
     */
    private void pushOperandsAsObjects(String signature, int operands) {
        int base = stack.height() - operands;
        int firstVector = signature.indexOf('v');
        if (firstVector < 0 || firstVector >= operands) return;
        List<ValType> trailing = new ArrayList<>();
        for (int i = base + firstVector + 1; i < stack.height(); i++) {
            if (!stack.isVirtual(i)) trailing.add(stack.get(i));
        }
        int[] slots = fn.spill(trailing);
        int next = 0;
        for (int i = base + firstVector; i < stack.height(); i++) {
            if (stack.isVirtual(i)) pushAsObject(i);
            else code.loadLocal(JvmTypes.kind(stack.get(i)), slots[next++]);
        }
    }

    /** The object path: one helper call taking and returning V128 objects (immediates after the operands). */
    private void emitOnObjects(Opcode op, CodeReader reader) {
        String name = helperName(op.mnemonic);
        switch (op.immediate) {
            case MEMARG, MEMARG_LANE -> {
                memoryAccess(op, name, reader);
                return;
            }
            case V128 -> {
                // a dynamic constant: built once per class at first execution, then shared (immutable)
                code.ldc(DynamicConstantDesc.ofNamed(CONSTANT_BOOTSTRAP, "v128", V128, reader.v128Lo, reader.v128Hi));
            }
            case SHUFFLE -> {
                code.loadConstant(littleEndianLong(reader.lanes, 0));
                code.loadConstant(littleEndianLong(reader.lanes, 8));
                code.invokestatic(OPS, name, MethodTypeDesc.of(V128, V128, V128, CD_long, CD_long));
            }
            case LANE -> {
                code.loadConstant(reader.index);
                code.invokestatic(owner(op), name, descriptor(op.signature, null, CD_int));
            }
            case NONE -> code.invokestatic(owner(op), name, descriptor(op.signature, null));
            default -> throw new NotSupportedException(op.mnemonic + " (immediate " + op.immediate + ")");
        }
        stack.applySignature(op.signature);
    }

    private void memoryAccess(Opcode op, String name, CodeReader reader) {
        boolean is64 = unit.memoryIs64(reader.memory);
        boolean onHeap = unit.memoryOnHeap(reader.memory);
        if (onHeap) {
            memory.loadMemoryBytesAndSize(reader.memory);
        } else {
            memory.loadSegmentMemory(reader.memory); // off-heap: V128SegmentAccess takes the memory itself
        }
        code.loadConstant(reader.offset);
        List<ClassDesc> trailing = new ArrayList<>(onHeap ? List.of(MemoryEmitter.BYTES, CD_int, CD_long)
                : List.of(MemoryEmitter.SEGMENT_MEMORY, CD_long));
        if (op.immediate == Opcode.Immediate.MEMARG_LANE) {
            code.loadConstant(reader.index);
            trailing.add(CD_int);
        }
        ClassDesc address = is64 ? CD_long : CD_int;
        code.invokestatic(onHeap ? MEMORY : SEGMENT_MEMORY_ACCESS, name,
                descriptor(op.signature, address, trailing.toArray(ClassDesc[]::new)));
        stack.applySignature(op.signature, is64 ? ValType.I64 : ValType.I32);
    }

    /** Float lanes and int/float conversions live in {@link V128FloatOps}; the rest in {@link V128Ops}. */
    private static ClassDesc owner(Opcode op) {
        return op.mnemonic.contains("f32") || op.mnemonic.contains("f64") ? FLOAT_OPS : OPS;
    }

    /** A helper's descriptor from an opcode-table signature ("vi>v"), plus trailing immediates. */
    private static MethodTypeDesc descriptor(String signature, ClassDesc address, ClassDesc... trailing) {
        int arrow = signature.indexOf('>');
        List<ClassDesc> params = new ArrayList<>();
        for (int i = 0; i < arrow; i++) params.add(letter(signature.charAt(i), address));
        params.addAll(List.of(trailing));
        ClassDesc ret = arrow == signature.length() - 1 ? CD_void : letter(signature.charAt(arrow + 1), address);
        return MethodTypeDesc.of(ret, params.toArray(ClassDesc[]::new));
    }

    private static ClassDesc letter(char c, ClassDesc address) {
        return c == 'a' ? address : JvmTypes.classDesc(TypeStack.typeOfLetter(c));
    }

    /** "i8x16.add_sat_s" -> "i8x16AddSatS", "v128.load8x8_s" -> "v128Load8x8S". */
    static String helperName(String mnemonic) {
        int dot = mnemonic.indexOf('.');
        StringBuilder sb = new StringBuilder(mnemonic.substring(0, dot));
        for (String part : mnemonic.substring(dot + 1).split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
        }
        return sb.toString();
    }

    private static long littleEndianLong(byte[] bytes, int from) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (bytes[from + i] & 0xFFL);
        return v;
    }
}
