package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.runtime.HeapMemoryAccess;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Loads and stores of heap memories inline, for methods too large for C2 to inline the
 * {@link HeapMemoryAccess} helpers: past its inlining budget (DesiredMethodLimit, counted in bytecodes of
 * the method and of what it inlined) C2 leaves every helper a real call, while a VarHandle chain is
 * force-inlined whatever the budget. Shape of one access:
 * <pre>
 *   store: xstore scratch (the value, floats as their bits, narrow stores as an int)
 *   offset != 0: dup; ldc offset; iadd; dup_x1; ior; bipush 31; ishr; ior   (see {@link #effectiveIndex})
 *   bound:      iload size; (2-8 bytes: ldc width-1; isub) invokestatic Objects.checkIndex(II)I
 *   1 byte:     aload bytes; swap; (store: iload scratch; bastore | load: baload)
 *   2-8 bytes:  getstatic HeapMemoryAccess.I16/I32/I64_VIEW; swap; aload bytes; swap;
 *               (store: xload scratch) invokevirtual VarHandle.get/set
 *   load: widening / masking / intBitsToFloat after
 * </pre>
 * The index is -1 when the address or address + offset wraps past 2^31 (out of bounds for any memory). The
 * array has spare capacity past the Wasm size (see {@code HeapMemory}), so the size (memory 0's from its
 * JVM local) is the bound: {@code Objects.checkIndex} is a C2 intrinsic that becomes a range check like the
 * array's own, which loops hoist alike. Its {@code IndexOutOfBoundsException} goes
 * to ONE handler per method ({@code pop; invokestatic outOfBounds; athrow}), through exception-table
 * ranges that cover runs of accesses and end before any instruction that may run other code (calls, table,
 * reference, SIMD other than v128.load/store, atomic and bulk memory instructions; see {@link #keepsRange}),
 * so an exception of a callee is never mistaken for an access out of bounds. The function-level choice
 * ({@link #pays}) counts the VarHandle chains of SIMD heap accesses against C2's budget too. One handler (instead of one per access) and the
 * branch-free index add no stack-map frame per access and few exception-table entries: in large methods both
 * cost class generation and verification (with a frame per access, preparing tinygo-json, hashset and regex
 * took ~15% more CPU; now about what the helper calls take).
 */
final class DirectMemoryAccess {
    /** Overrides {@link #INLINING_BUDGET}; 0 inlines every access, whatever its range ends (tests run the spec suite so). */
    static final String BUDGET_PROPERTY = "gatun.directAccess.budget";
    /**
     * C2's DesiredMethodLimit (8000): the bytecodes a compilation may inline, the root method's own included.
     */
    private static final int INLINING_BUDGET = Integer.getInteger(BUDGET_PROPERTY, 8000);
    /** JVM bytecodes per byte of Wasm code, roughly (a local.get is 1 byte in both, a call 2 vs 3+). */
    private static final int BYTECODE_PER_WASM_BYTE = 2;
    /** Bytecodes C2 counts for one inlined helper (e.g. i32Load with its index computation). */
    private static final int HELPER_BYTECODES = 50;
    /**
     * Bytecodes C2 counts for one little-endian view access that SIMD code emits inline on heap memories
     * (two per v128.load/store, see {@code SimdHalvesEmitter}): the force-inlined VarHandle chain (guard 78,
     * checkAccessModeThenIsDirect 29, getMemberName 38, ArrayHandle.get 35, index 13, getLongUnaligned 12,
     * convEndian 16). Force inlining passes the budget but still spends it, leaving less for the helpers.
     */
    private static final int VIEW_ACCESS_BYTECODES = 220;
    /** At most this many range-ending instructions (calls and the like) in a function that inlines accesses. */
    private static final int MAX_RANGE_ENDS = 24;
    /**
     * Range ends times Wasm body bytes up to which a function inlines accesses whatever its range ends: the
     * stack-map pass and the verifier cost about ranges times instructions, small in a small function
     * (24 ranges in 4 KB). richards' 2.3 KB scheduler makes 35 calls; with a helper call per access C2 ran
     * out of inlining budget and left every load and store of its hot loop a real call.
     */
    private static final long MAX_RANGE_WORK = 24L * 4_000;
    /** C2's FreqInlineSize: the largest callee (in bytecodes) a hot call site inlines. */
    private static final int SMALL_CALLEE_BYTECODES = 325;
    /**
     * Range ends inside loops times Wasm body bytes up to which a function with too many range ends overall
     * still inlines the accesses inside its loops ({@link #onlyInLoops}): its covered ranges are then about as
     * many as its loops' range ends. rust-html-rewriter's hashbrown insert (3.9 KB, 221 of its 313 accesses in
     * loops, 32 range ends of which 26 in loops) kept every access a helper, and C2, out of budget, left 133
     * of them real calls. Only for bodies not split up front ({@code SplitPolicy.PRESPLIT_BODY_BYTES}): the
     * inline accesses' bytecode makes more segments, and bz2's 16.7 KB function went from 10 to 17 of them
     * (median +27%).
     */
    private static final long MAX_LOOP_RANGE_WORK = 2 * MAX_RANGE_WORK;
    /** At most this many calls of small leaf callees on top of {@link #MAX_RANGE_ENDS}. */
    private static final int MAX_SMALL_CALLS = 64;

    private static final ClassDesc MEMORY_ACCESS = ClassDesc.of(HeapMemoryAccess.class.getName());
    private static final ClassDesc VAR_HANDLE = ClassDesc.of("java.lang.invoke.VarHandle");
    private static final ClassDesc INDEX_OUT_OF_BOUNDS = ClassDesc.of("java.lang.IndexOutOfBoundsException");
    private static final ClassDesc OBJECTS = ClassDesc.of("java.util.Objects");
    private static final ClassDesc FLOAT = ClassDesc.of("java.lang.Float");
    private static final ClassDesc DOUBLE = ClassDesc.of("java.lang.Double");

    private final CodeBuilder code;
    private final FunctionEmitter function;
    private final MemoryEmitter memory;
    private final List<Label[]> covered = new ArrayList<>();
    private Label rangeStart;
    /** Set by {@link #inlineOnlyInLoops}: accesses outside loops stay helper calls (see {@link #onlyInLoops}). */
    private boolean onlyInLoops;
    private Label rangeEnd;

    DirectMemoryAccess(CodeBuilder code, FunctionEmitter function, MemoryEmitter memory) {
        this.code = code;
        this.function = function;
        this.memory = memory;
    }

    /**
     * Whether to inline a function's accesses: its method(s) would pass C2's inlining budget with a helper
     * call per load or store (size estimated from the Wasm code, plus a helper per access), and few
     * instructions end a covered range. Each range is an exception-table entry, and both the class writer's
     * stack-map pass and the JVM verifier visit every entry at every instruction: in call-heavy code (big
     * programs: tinygo-json's runtime) hundreds of ranges made preparation a third slower, while the kernels
     * this is for (unrolled hash and cipher rounds) call little.
     */
    static boolean pays(FunctionBody body) {
        return pays(null, body);
    }

    /**
     * As {@link #pays(FunctionBody)}, also counting what C2 inlines of the module's small callees (at most
     * {@link #SMALL_CALLEE_BYTECODES}, which hot call sites inline): each such call adds the callee's own
     * estimate, and ends a range without counting against {@link #MAX_RANGE_ENDS}, up to
     * {@link #MAX_SMALL_CALLS} of them. A field multiply of curve25519 calls {@code __multi3} 25 times: those
     * inlined copies used up the budget and left 50 of its 60 helper loads real calls.
     */
    static boolean pays(CompilationUnit unit, FunctionBody body) {
        Scan scan = scan(unit, body);
        long estimate = ownEstimate(body.code().length(), scan.accesses()) + scan.inlinedBytecodes();
        boolean fewRanges = scan.rangeEnds() <= MAX_RANGE_ENDS
                || (long) scan.rangeEnds() * body.code().length() <= MAX_RANGE_WORK;
        // the others inline only in loops (onlyInLoops): ranges then end mostly at the loops' range ends
        boolean fewLoopRanges = scan.loopAccesses() > 0 && body.code().length() <= SplitPolicy.PRESPLIT_BODY_BYTES
                && (scan.loopRangeEnds() <= MAX_RANGE_ENDS
                        || (long) scan.loopRangeEnds() * body.code().length() <= MAX_LOOP_RANGE_WORK);
        return scan.accesses() > 0 && estimate >= INLINING_BUDGET
                && (fewRanges || fewLoopRanges || INLINING_BUDGET == 0);
    }

    /**
     * Whether a function that {@link #pays} inlines only the accesses inside loops: one with more than
     * {@link #MAX_RANGE_ENDS} range ends (admitted for its small size, or for few range ends in its loops). Inlining all of richards' 134 made its
     * 7.5 KB method too much for C1 ("out of virtual registers"), so its one run stayed interpreted until C2's
     * OSR compile, five times slower; the code around the loops runs rarely and keeps the helpers.
     */
    static boolean onlyInLoops(CompilationUnit unit, FunctionBody body) {
        return INLINING_BUDGET != 0 && scan(unit, body).rangeEnds() > MAX_RANGE_ENDS;
    }

    /**
     * What {@link #pays} counts in a body; {@code loopAccesses}, {@code loopRangeEnds}: the accesses and the
     * range ends inside loops;
     * {@code inlinedBytecodes}: small callees' and SIMD view accesses' bytecodes that C2 inlines besides the
     * accesses.
     */
    private record Scan(int accesses, int loopAccesses, int rangeEnds, int loopRangeEnds, long inlinedBytecodes) {}

    private static Scan scan(CompilationUnit unit, FunctionBody body) {
        int accesses = 0;
        int loopAccesses = 0;
        int viewAccesses = 0;
        int rangeEnds = 0;
        int loopRangeEnds = 0;
        LoopNesting nesting = new LoopNesting();
        int smallCalls = 0;
        long calleeBytecodes = 0;
        CodeReader scan = new CodeReader(body.code());
        while (scan.hasNext()) {
            Opcode op = scan.next();
            nesting.step(op);
            if (op.prefix == 0 && op.code >= 0x28 && op.code <= 0x3E) {
                accesses++;
                if (nesting.insideLoop()) loopAccesses++;
                continue;
            }
            viewAccesses += simdViewAccesses(op);
            if (keepsRange(op)) continue;
            long callee = op == Opcode.CALL && unit != null ? smallCalleeEstimate(unit, scan.index) : -1;
            if (callee >= 0 && smallCalls < MAX_SMALL_CALLS) {
                smallCalls++;
                calleeBytecodes += callee;
            } else {
                rangeEnds++;
                if (nesting.insideLoop()) loopRangeEnds++;
            }
        }
        return new Scan(accesses, loopAccesses, rangeEnds, loopRangeEnds,
                calleeBytecodes + (long) viewAccesses * VIEW_ACCESS_BYTECODES);
    }

    /**
     * The VarHandle view accesses a SIMD memory instruction becomes on a heap memory: two for v128.load and
     * v128.store (one per half), one for the other SIMD loads and stores (extending, splat, zero and lane).
     * scrypt's blockmix (12 v128 copies, 96 scalar accesses) was estimated under the budget without them,
     * and C2 then left 55 of its helper accesses real calls.
     */
    static int simdViewAccesses(Opcode op) {
        if (op.prefix != Opcode.PREFIX_SIMD) return 0;
        if (op == Opcode.V128_LOAD || op == Opcode.V128_STORE) return 2;
        return (op.code <= 0x0A || (op.code >= 0x54 && op.code <= 0x5D)) ? 1 : 0;
    }

    private static long ownEstimate(int wasmBytes, int accesses) {
        return (long) wasmBytes * BYTECODE_PER_WASM_BYTE + (long) accesses * HELPER_BYTECODES;
    }

    /** Whether the instruction just read is inside a loop, as {@code FunctionEmitter.insideLoop} sees it. */
    private static final class LoopNesting {
        /** Per open block, from the outermost: whether it is a loop. */
        private final BitSet loops = new BitSet();
        private int depth;
        private int openLoops;

        void step(Opcode op) {
            if (op.prefix != 0) return;
            switch (op.code) {
                case 0x02, 0x04, 0x06, 0x1F -> loops.clear(depth++); // block, if, try, try_table
                case 0x03 -> { // loop
                    loops.set(depth++);
                    openLoops++;
                }
                case 0x0B, 0x18 -> { // end, delegate (the function's own end leaves depth at -1)
                    if (depth > 0 && loops.get(--depth)) openLoops--;
                }
                default -> { }
            }
        }

        boolean insideLoop() {
            return openLoops > 0;
        }
    }

    /** The bytecodes C2 would inline for a call of a defined function small enough to inline, else -1. */
    private static long smallCalleeEstimate(CompilationUnit unit, int functionIndex) {
        if (functionIndex < unit.importedFunctionCount) return -1;
        FunctionBody callee = unit.module.bodies().get(functionIndex - unit.importedFunctionCount);
        if ((long) callee.code().length() * BYTECODE_PER_WASM_BYTE > SMALL_CALLEE_BYTECODES) return -1;
        int accesses = 0;
        CodeReader scan = new CodeReader(callee.code());
        while (scan.hasNext()) {
            Opcode op = scan.next();
            if (op.prefix == 0 && op.code >= 0x28 && op.code <= 0x3E) accesses++;
            else if (!keepsRange(op)) return -1; // calls on: not a leaf, its inlining is C2's guess
        }
        return ownEstimate(callee.code().length(), accesses);
    }

    /** Accesses outside loops are left to the helpers (see {@link #onlyInLoops(CompilationUnit, FunctionBody)}). */
    void inlineOnlyInLoops() {
        onlyInLoops = true;
    }

    /** Emits a load or store with the Wasm operands on the stack; false (nothing emitted) for other shapes. */
    boolean emit(Opcode op, CodeReader reader) {
        if (reader.offset > Integer.MAX_VALUE) return false;
        if (onlyInLoops && !function.insideLoop()) return false;
        int offset = (int) reader.offset;
        switch (op) {
            case I32_LOAD -> load(reader, offset, 4);
            case I64_LOAD -> load(reader, offset, 8);
            case F32_LOAD -> {
                load(reader, offset, 4);
                code.invokestatic(FLOAT, "intBitsToFloat", MethodTypeDesc.of(ClassDesc.ofDescriptor("F"), CD_int));
            }
            case F64_LOAD -> {
                load(reader, offset, 8);
                code.invokestatic(DOUBLE, "longBitsToDouble", MethodTypeDesc.of(ClassDesc.ofDescriptor("D"), CD_long));
            }
            case I32_LOAD8_S, I32_LOAD8_U, I64_LOAD8_S, I64_LOAD8_U,
                    I32_LOAD16_S, I32_LOAD16_U, I64_LOAD16_S, I64_LOAD16_U -> {
                boolean wide = op == Opcode.I32_LOAD16_S || op == Opcode.I32_LOAD16_U
                        || op == Opcode.I64_LOAD16_S || op == Opcode.I64_LOAD16_U;
                load(reader, offset, wide ? 2 : 1);
                if (op.mnemonic.endsWith("_u")) {
                    code.loadConstant(wide ? 0xFFFF : 0xFF);
                    code.iand();
                }
                if (op.mnemonic.startsWith("i64")) code.i2l();
            }
            case I64_LOAD32_S -> {
                load(reader, offset, 4);
                code.i2l();
            }
            case I64_LOAD32_U -> {
                load(reader, offset, 4);
                code.i2l();
                code.loadConstant(0xFFFF_FFFFL);
                code.land();
            }
            case I32_STORE -> store(reader, offset, 4, TypeKind.INT);
            case I64_STORE -> store(reader, offset, 8, TypeKind.LONG);
            case F32_STORE -> {
                code.invokestatic(FLOAT, "floatToRawIntBits", MethodTypeDesc.of(CD_int, ClassDesc.ofDescriptor("F")));
                store(reader, offset, 4, TypeKind.INT);
            }
            case F64_STORE -> {
                code.invokestatic(DOUBLE, "doubleToRawLongBits", MethodTypeDesc.of(CD_long, ClassDesc.ofDescriptor("D")));
                store(reader, offset, 8, TypeKind.LONG);
            }
            case I32_STORE8 -> store(reader, offset, 1, TypeKind.INT);
            case I32_STORE16 -> store(reader, offset, 2, TypeKind.INT);
            case I64_STORE8, I64_STORE16, I64_STORE32 -> {
                code.l2i();
                store(reader, offset, op == Opcode.I64_STORE8 ? 1 : op == Opcode.I64_STORE16 ? 2 : 4, TypeKind.INT);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** [address] -> [value as the access reads it: int for up to 4 bytes (sign-extended), long for 8]. */
    private void load(CodeReader reader, int offset, int width) {
        effectiveIndex(offset);
        boundCheck(reader, width);
        if (width == 1) {
            memory.loadMemoryBytes(reader.memory);
            code.swap();
            covered(() -> code.baload());
            return;
        }
        code.getstatic(MEMORY_ACCESS, viewName(width), VAR_HANDLE);
        code.swap();
        memory.loadMemoryBytes(reader.memory);
        code.swap();
        ClassDesc value = viewType(width);
        covered(() -> code.invokevirtual(VAR_HANDLE, "get", MethodTypeDesc.of(value, MemoryEmitter.BYTES, CD_int)));
    }

    /** [address value] -> []: the value (an int, or a long for 8 bytes) waits in a scratch slot. */
    private void store(CodeReader reader, int offset, int width, TypeKind kind) {
        int scratch = function.scratch(kind, 0);
        code.storeLocal(kind, scratch);
        effectiveIndex(offset);
        boundCheck(reader, width);
        if (width == 1) {
            memory.loadMemoryBytes(reader.memory);
            code.swap();
            code.iload(scratch);
            covered(() -> code.bastore());
            return;
        }
        code.getstatic(MEMORY_ACCESS, viewName(width), VAR_HANDLE);
        code.swap();
        memory.loadMemoryBytes(reader.memory);
        code.swap();
        code.loadLocal(kind, scratch);
        ClassDesc value = viewType(width);
        if (width == 2) code.i2s();
        covered(() -> code.invokevirtual(VAR_HANDLE, "set",
                MethodTypeDesc.of(CD_void, MemoryEmitter.BYTES, CD_int, value)));
    }

    /**
     * [address] -> [address + offset], or -1 (out of bounds for the access's own check) when the address or
     * the sum is at or past 2^31: {@code effective | ((address | effective) >> 31)}. No branch, so no
     * stack-map frame per access (frames list every local: in large methods they are what costs).
     */
    private void effectiveIndex(int offset) {
        if (offset == 0) return;
        code.dup();
        code.loadConstant(offset);
        code.iadd();
        code.dup_x1();
        code.ior();
        code.bipush(31);
        code.ishr();
        code.ior();
    }

    /** [index] -> [index], checked against the Wasm size for an access of {@code width} bytes. */
    private void boundCheck(CodeReader reader, int width) {
        memory.loadMemorySize(reader.memory);
        if (width > 1) {
            code.loadConstant(width - 1);
            code.isub();
        }
        covered(() -> code.invokestatic(OBJECTS, "checkIndex", MethodTypeDesc.of(CD_int, CD_int, CD_int)));
    }

    /** Emits the array access inside the current covered range, opening one if none is open. */
    private void covered(Runnable access) {
        if (rangeStart == null) rangeStart = code.newBoundLabel();
        access.run();
        rangeEnd = code.newBoundLabel();
    }

    /** Before translating {@code op}: ends the covered range unless {@code op} keeps it (see {@link #keepsRange}). */
    void before(Opcode op) {
        if (rangeStart != null && !keepsRange(op)) closeRange();
    }

    /**
     * Instructions whose code may stay in a covered range: none calls out of the method or indexes an array
     * with a computed index (control flow, locals, globals, constants, numeric ops, loads and stores). Also
     * v128.load and v128.store: on a heap memory their own check of all 16 bytes throws the trap, and an
     * IndexOutOfBoundsException from the view accesses after it could only mean an access out of bounds as
     * well. scrypt's blockmix has 24 of them (block copies) next to 96 scalar accesses.
     */
    static boolean keepsRange(Opcode op) {
        if (op == Opcode.V128_LOAD || op == Opcode.V128_STORE) return true;
        if (op.prefix == Opcode.PREFIX_MISC) return op.code <= 7; // saturating truncations
        if (op.prefix != 0) return false;
        int c = op.code;
        return c <= 0x05 || (c >= 0x0B && c <= 0x0F) || (c >= 0x1A && c <= 0x1C) || (c >= 0x20 && c <= 0x24)
                || (c >= 0x28 && c <= 0x3F) || (c >= 0x41 && c <= 0xC4);
    }

    private void closeRange() {
        covered.add(new Label[] {rangeStart, rangeEnd});
        rangeStart = null;
    }

    /**
     * After the body, before other handlers are added: the one handler of the covered ranges (its entries
     * come first in the exception table, so no catch-all of the same code sees the exception before it).
     */
    void finish() {
        if (rangeStart != null) closeRange();
        if (covered.isEmpty()) return;
        Label handler = code.newLabel();
        for (Label[] range : covered) code.exceptionCatch(range[0], range[1], handler, INDEX_OUT_OF_BOUNDS);
        code.labelBinding(handler);
        code.pop();
        throwOutOfBounds();
    }

    private void throwOutOfBounds() {
        code.invokestatic(MEMORY_ACCESS, "outOfBounds", MethodTypeDesc.of(ClassDesc.of(MemoryOutOfBoundsTrap.class.getName())));
        code.athrow();
    }

    private static String viewName(int width) {
        return switch (width) {
            case 2 -> "I16_VIEW";
            case 4 -> "I32_VIEW";
            default -> "I64_VIEW";
        };
    }

    private static ClassDesc viewType(int width) {
        return switch (width) {
            case 2 -> CD_short;
            case 4 -> CD_int;
            default -> CD_long;
        };
    }
}
