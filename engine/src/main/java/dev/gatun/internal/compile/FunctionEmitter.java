package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.kind;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.UnreachableTrap;
import dev.gatun.WasmTrap;
import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates one Wasm function body into the bytecode of one static method.
 *
 * <p><b>Generated-code shape.</b> Function {@code N} of type {@code [p*] -> [r*]} becomes
 * {@code static r0 funcN(p*, int depth, InstanceContext ctx)} (see {@link JvmTypes}). Slots: the parameters,
 * then {@code depth} and {@code ctx}, then (when the module has a memory and the body accesses memory) the memory's {@code byte[]},
 * then the declared locals, then scratch slots for spilling. The prologue enters the call (call-depth limit
 * and limit check, see {@link LimitCheckEmitter#emitEntry}), loads the memory array and zeroes the locals. The Wasm operand stack is the JVM operand stack; a type stack mirrors it at
 * compile time. Blocks, loops and ifs become labels; a branch whose target has fewer values below its
 * carried values than are on the stack spills the carried values to scratch slots, pops the rest, reloads
 * and jumps, so every JVM merge point sees one stack shape. A loop entered with values on the stack (below
 * it or its params) stores them to slots of its own and reloads them after its header, which back edges
 * reach with an empty stack (HotSpot compiles a loop on stack replacement only there). Unreachable code is not emitted. Returns store
 * results 2..n into {@code ctx.extraBits/extraRefs} and return result 1 (the JVM allows values left below
 * it). Calls are {@code invokestatic} of {@code funcM} (imports have a bridge method of that name) or of a
 * {@code call_indirect} bridge, passing {@code depth} (already decremented at entry) and {@code ctx}; after a call, extra results are read back from
 * the scratch arrays and the memory array is reloaded (the callee may have grown it). Loop headers count
 * down to a poll of the interrupt flag (with fuel: every basic block charges its instruction count from a
 * local); calls, returns and throws pass that state through {@code ctx} ({@link LimitCheckEmitter}). Every method has one outer handler that records the function index in traps raised by
 * helpers. Exception handling is emitted by {@link ExceptionEmitter}; memory, table and global instructions
 * by {@link MemoryEmitter}, {@link TableEmitter} and {@link GlobalEmitter}; numeric ones by
 * {@link NumericEmitter}. A br_table whose cases only set locals to constants becomes table lookups
 * ({@link BrTableLookup}). All share the {@link TypeStack}; control frames are {@link ControlFrame}s.
 *
 * <p><b>Method splitting:</b> the JVM caps a method at 64 KiB of bytecode and HotSpot never JIT-compiles one
 * above 8000 bytes. Functions that would pass that are emitted by {@link SplitFunctionEmitter} (chosen by
 * {@link SplitPolicy}), which drives this emitter one segment method at a time through {@link #step()}; the
 * hooks on {@link #splitter} turn returns, branches to loops in earlier segments, block ends bound in
 * later segments and br_tables with many distinct targets into exits and entry points of those segment methods.
 */
final class FunctionEmitter {
    private static final ClassDesc FLOAT = ClassDesc.of("java.lang.Float");
    private static final ClassDesc DOUBLE = ClassDesc.of("java.lang.Double");
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(CD_void);
    private static final ClassDesc REFERENCES = JvmTypes.desc(dev.gatun.internal.runtime.References.class);
    private static final MethodTypeDesc TEST = MethodTypeDesc.of(CD_boolean, CD_Object, CD_int, CD_boolean);
    /** Stay well below the JVM's 65535 local slots, leaving room for scratch slots. */
    static final long MAX_LOCAL_SLOTS = 60_000;

    /** Where a call_indirect bridge is needed: type index and table index. */
    record IndirectSite(int typeIndex, int tableIndex) {}

    private final CompilationUnit unit;
    private final int functionIndex;
    private final FuncType type;
    private final FunctionBody body;
    /** Not final: a split function is emitted into one code builder per segment (see {@link SplitFunctionEmitter}). */
    CodeBuilder code;
    /** Set when this function is emitted as split segments; null for a plain one-method function. */
    SplitFunctionEmitter splitter;

    ValType[] localTypes;
    int[] localSlots;
    /** For each v128 param: the slot its object arrives in (the body uses the long pair in localSlots). */
    private int[] v128ParamSlots;
    private int contextSlot;
    /** The depth parameter; after the entry check it holds what calls pass (see {@link LimitCheckEmitter#emitEntry}). */
    private int depthSlot;
    private int memorySlot = -1;
    private int nextFreeSlot;
    private final Map<TypeKind, List<Integer>> scratchSlots = new EnumMap<>(TypeKind.class);
    /** The long pair (low half at the slot, high half 2 above) of a virtual v128 entry, by stack index. */
    private final List<Integer> v128Pairs = new ArrayList<>();

    final TypeStack stack = new TypeStack();
    private MemoryEmitter memory;
    private AtomicEmitter atomics;
    private TableEmitter tables;
    private GlobalEmitter globals;
    private ExceptionEmitter exceptions;
    private SimdEmitter simd;
    private AggregateEmitter aggregates;
    /** The limit checks of the current method (one per segment of a split function). */
    LimitCheckEmitter limits;
    /** Whether heap accesses are inlined (see {@link DirectMemoryAccess#pays}); decided once per function. */
    private boolean inlinesMemoryAccess;
    /** Whether only accesses inside loops are inlined; decided with the first segment (null before). */
    private Boolean accessesOnlyInLoops;
    /** The inlined accesses of the current method, or null. */
    private DirectMemoryAccess directAccess;
    private LimitCheckEmitter.Slots limitSlots;
    final ArrayList<ControlFrame> frames = new ArrayList<>();
    private boolean reachable = true;
    CodeReader reader;
    /** Wasm instructions read so far: usually one per {@link #step()}, two when a comparison fuses with a branch. */
    int instructionsRead;
    /** The last instruction {@link #step()} read (the br_if/if when it fused a comparison with it). */
    private Opcode lastRead;
    /** The value of the last i32.const and its {@link #instructionsRead} ordinal (SIMD shifts by constants). */
    private int lastI32Constant;
    private int lastI32ConstantAt = -1;

    FunctionEmitter(CompilationUnit unit, int functionIndex, FunctionBody body, CodeBuilder code) {
        this.unit = unit;
        this.functionIndex = functionIndex;
        this.type = unit.functionType(functionIndex);
        this.body = body;
        this.code = code;
    }

    void emit() {
        try {
            allocateLocals();
            prologue();
        } catch (NotSupportedException e) {
            throw e.at(functionIndex, body.code().offset());
        }
        ControlFrame function = new ControlFrame(ControlFrame.FUNCTION, List.of(), type.results(), 0, true);
        frames.add(function);
        reader = new CodeReader(body.code());
        Label bodyStart = code.newBoundLabel();
        limits.startBody();
        if (WideMultiplyIdiom.matches(type, body)) emitWideMultiply();
        while (!frames.isEmpty()) step();
        if (directAccess != null) directAccess.finish();
        limits.finish();
        locateTraps(bodyStart);
        exceptions.emitOutOfLineHandlers();
    }

    /**
     * The body of {@link WideMultiplyIdiom} with one {@code Math.unsignedMultiplyHigh} for the four 32-bit
     * multiplies; its two stores are translated from the body's own bytes (memarg included), after which
     * the reader is left at the body's final {@code end}.
     */
    private void emitWideMultiply() {
        int start = body.code().offset();
        code.iload(localSlots[WideMultiplyIdiom.RESULT]);
        stack.push(ValType.I32);
        code.lload(localSlots[WideMultiplyIdiom.A_LOW]);
        code.lload(localSlots[WideMultiplyIdiom.B_LOW]);
        code.invokestatic(ClassDesc.of("java.lang.Math"), "unsignedMultiplyHigh",
                MethodTypeDesc.of(CD_long, CD_long, CD_long));
        code.lload(localSlots[WideMultiplyIdiom.A_LOW]);
        code.lload(localSlots[WideMultiplyIdiom.B_HIGH]);
        code.lmul();
        code.ladd();
        code.lload(localSlots[WideMultiplyIdiom.A_HIGH]);
        code.lload(localSlots[WideMultiplyIdiom.B_LOW]);
        code.lmul();
        code.ladd();
        stack.push(ValType.I64);
        reader = new CodeReader(body.code().array(), start + WideMultiplyIdiom.HIGH_STORE_AT, body.code().end());
        step();
        code.iload(localSlots[WideMultiplyIdiom.RESULT]);
        stack.push(ValType.I32);
        code.lload(localSlots[WideMultiplyIdiom.A_LOW]);
        code.lload(localSlots[WideMultiplyIdiom.B_LOW]);
        code.lmul();
        stack.push(ValType.I64);
        reader = new CodeReader(body.code().array(), start + WideMultiplyIdiom.LOW_STORE_AT, body.code().end());
        step();
    }

    /** Translates the next instruction (or skips it when unreachable). */
    Opcode step() {
        Opcode op = reader.next();
        instructionsRead++;
        lastRead = op;
        try {
            if (reachable) {
                if (directAccess != null) directAccess.before(op);
                emitInstruction(op);
            } else {
                skipDead(op); // an else, end or catch may make the code after it reachable (by branches)
            }
            // after the last instruction read: the br_if/if of a fused comparison ends the basic block
            if (reachable && !frames.isEmpty()) {
                limits.emitAfter(lastRead, body.code().array(), reader.position(), body.code().end());
            }
        } catch (NotSupportedException e) {
            throw e.at(functionIndex, reader.instructionOffset);
        }
        return lastRead;
    }

    /**
     * Starts a split function: slot layout of a segment method {@code (int entry, long[] bits, Object[] refs,
     * ctx) -> int}, every Wasm local (parameters included) in a slot of its own after {@code ctx} and the memory.
     */
    void beginSplit() {
        long declared = 0;
        for (Locals l : body.locals()) {
            declared += l.count();
            if (declared > MAX_LOCAL_SLOTS) throw new NotSupportedException("function with more than " + MAX_LOCAL_SLOTS + " locals");
        }
        int count = type.params().size() + (int) declared;
        localTypes = new ValType[count];
        localSlots = new int[count];
        int i = 0;
        for (ValType p : type.params()) localTypes[i++] = p;
        for (Locals l : body.locals()) {
            for (long k = 0; k < l.count(); k++) localTypes[i++] = l.type();
        }
        depthSlot = SplitFunctionEmitter.DEPTH_SLOT;
        contextSlot = SplitFunctionEmitter.CONTEXT_SLOT;
        int slot = contextSlot + 1;
        if (unit.hasMemory) {
            memorySlot = slot;
            slot += MemoryEmitter.memoryLocalSlots(unit);
        }
        for (i = 0; i < count; i++) {
            localSlots[i] = slot;
            slot += isV128(localTypes[i]) ? SimdEmitter.LOCAL_SLOTS : kind(localTypes[i]).slotSize();
        }
        if (slot > MAX_LOCAL_SLOTS) throw new NotSupportedException("function with more than " + MAX_LOCAL_SLOTS + " local slots");
        nextFreeSlot = slot;
        limitSlots = LimitCheckEmitter.Slots.allocate(unit, body, this);
        inlinesMemoryAccess = unit.hasMemory && unit.memoryOnHeap(0) && DirectMemoryAccess.pays(unit, body);
        frames.add(new ControlFrame(ControlFrame.FUNCTION, List.of(), type.results(), 0, true));
        reader = new CodeReader(body.code());
    }

    /** Points every helper emitter at a new segment's code builder. */
    void startSegment(CodeBuilder segmentCode) {
        code = segmentCode;
        createFamilyEmitters();
    }

    void reloadMemory() {
        memory.reloadMemory();
    }

    void enterMemory() {
        memory.enterMemory();
    }

    void finishSegment(Label bodyStart) {
        if (directAccess != null) directAccess.finish();
        limits.finish();
        locateTraps(bodyStart);
        exceptions.emitOutOfLineHandlers();
    }

    /**
     * One exception handler over the whole body: a trap raised in a helper learns this function's index on
     * its way out (free on the normal path; only the innermost function's handler records it).
     */
    private void locateTraps(Label bodyStart) {
        Label bodyEnd = code.newBoundLabel();
        ClassDesc trap = JvmTypes.desc(WasmTrap.class);
        code.exceptionCatch(bodyStart, bodyEnd, bodyEnd, trap);
        code.loadConstant(functionIndex);
        String name = unit.functionName(functionIndex);
        if (name == null) code.aconst_null();
        else code.loadConstant(name);
        code.invokevirtual(trap, "locate", MethodTypeDesc.of(trap, CD_int, CD_String));
        code.athrow();
    }

    // ---- locals ----

    private void allocateLocals() {
        long declared = 0;
        for (Locals l : body.locals()) {
            declared += l.count();
            if (declared > MAX_LOCAL_SLOTS) throw new NotSupportedException("function with more than " + MAX_LOCAL_SLOTS + " locals");
        }
        int count = type.params().size() + (int) declared;
        localTypes = new ValType[count];
        localSlots = new int[count];
        int slot = 0;
        int i = 0;
        for (ValType p : type.params()) {
            localTypes[i] = p;
            localSlots[i++] = slot;
            slot += kind(p).slotSize();
        }
        depthSlot = slot++;
        contextSlot = slot++;
        // caching memory 0 costs loads at entry and after every call: only where the body accesses memory
        if (unit.hasMemory && accessesMemory(body)) {
            memorySlot = slot;
            slot += MemoryEmitter.memoryLocalSlots(unit);
        }
        for (Locals l : body.locals()) {
            for (long k = 0; k < l.count(); k++) {
                localTypes[i] = l.type();
                localSlots[i++] = slot;
                slot += isV128(l.type()) ? SimdEmitter.LOCAL_SLOTS : kind(l.type()).slotSize();
            }
        }
        // v128 params arrive as objects; the body keeps them, like v128 locals, as two longs (see SimdEmitter)
        v128ParamSlots = new int[type.params().size()];
        for (int p = 0; p < type.params().size(); p++) {
            if (!isV128(type.params().get(p))) continue;
            v128ParamSlots[p] = localSlots[p];
            localSlots[p] = slot;
            slot += SimdEmitter.LOCAL_SLOTS;
        }
        if (slot > MAX_LOCAL_SLOTS) throw new NotSupportedException("function with more than " + MAX_LOCAL_SLOTS + " local slots");
        nextFreeSlot = slot;
        limitSlots = LimitCheckEmitter.Slots.allocate(unit, body, this);
        // __multi3 is inlined dozens of times into one caller: its stores inline cost C2 less budget than helpers
        inlinesMemoryAccess = unit.hasMemory && unit.memoryOnHeap(0)
                && (DirectMemoryAccess.pays(unit, body) || WideMultiplyIdiom.matches(type, body));
    }

    /** Whether the body may access a linear memory (loads, stores, size/grow, bulk, SIMD and atomic ops). */
    private static boolean accessesMemory(FunctionBody body) {
        CodeReader scan = new CodeReader(body.code());
        while (scan.hasNext()) {
            Opcode op = scan.next();
            if (op.prefix == 0 && op.code >= 0x28 && op.code <= 0x40) return true;
            if (op.prefix == Opcode.PREFIX_ATOMIC || op.prefix == Opcode.PREFIX_SIMD) return true;
            if (op.prefix == Opcode.PREFIX_MISC && op.code >= 8 && op.code <= 11) return true;
        }
        return false;
    }

    /** The emitters of each instruction family, writing to the current {@link #code} (one method or segment). */
    private void createFamilyEmitters() {
        memory = new MemoryEmitter(unit, code, stack, contextSlot, memorySlot);
        directAccess = inlinesMemoryAccess ? new DirectMemoryAccess(code, this, memory) : null;
        if (directAccess != null) {
            if (accessesOnlyInLoops == null) accessesOnlyInLoops = DirectMemoryAccess.onlyInLoops(unit, body);
            if (accessesOnlyInLoops) directAccess.inlineOnlyInLoops();
        }
        memory.inlineAccessesWith(directAccess);
        atomics = new AtomicEmitter(unit, code, stack, contextSlot);
        tables = new TableEmitter(unit, code, stack, contextSlot);
        globals = new GlobalEmitter(unit, code, stack, contextSlot);
        exceptions = new ExceptionEmitter(this, unit, code, stack, contextSlot);
        simd = new SimdEmitter(this, unit, code, stack, memory);
        aggregates = new AggregateEmitter(this, unit, code, stack);
        limits = new LimitCheckEmitter(unit, code, depthSlot, contextSlot, limitSlots);
    }

    private void prologue() {
        createFamilyEmitters();
        limits.emitEntry(body.code().array(), body.code().offset(), body.code().end());
        memory.enterMemory();
        for (int p = 0; p < type.params().size(); p++) {
            if (isV128(localTypes[p])) {
                code.aload(v128ParamSlots[p]);
                simd.storeObjectInLocal(localSlots[p]);
            }
        }
        for (int i = type.params().size(); i < localTypes.length; i++) {
            if (isV128(localTypes[i])) {
                simd.zeroLocal(localSlots[i]);
                continue;
            }
            pushZero(localTypes[i]);
            code.storeLocal(kind(localTypes[i]), localSlots[i]);
        }
    }

    /** A slot of its own for a value that lives across instructions (unlike scratch slots). */
    int dedicatedSlot(TypeKind kind) {
        int slot = nextFreeSlot;
        nextFreeSlot += kind.slotSize();
        if (nextFreeSlot > 65535) throw new NotSupportedException("function needing more than 65535 JVM local slots");
        return slot;
    }

    private void pushZero(ValType t) {
        switch (kind(t)) {
            case INT -> code.iconst_0();
            case LONG -> code.lconst_0();
            case FLOAT -> code.fconst_0();
            case DOUBLE -> code.dconst_0();
            default -> {
                if (t.kind() == ValType.Kind.V128) code.getstatic(JvmTypes.V128, "ZERO", JvmTypes.V128);
                else code.aconst_null();
            }
        }
    }

    /** The {@code n}-th scratch slot of a kind; scratch values never live across instructions. */
    int scratch(TypeKind kind, int n) {
        List<Integer> slots = scratchSlots.computeIfAbsent(kind, k -> new ArrayList<>());
        while (slots.size() <= n) {
            slots.add(nextFreeSlot);
            nextFreeSlot += kind.slotSize();
            if (nextFreeSlot > 65535) throw new NotSupportedException("function needing more than 65535 JVM local slots");
        }
        return slots.get(n);
    }

    private static boolean isV128(ValType t) {
        return t.kind() == ValType.Kind.V128;
    }

    /** Whether the instruction just before the current one was an i32.const (its value is then on top). */
    boolean topIsI32Constant() {
        return lastI32ConstantAt == instructionsRead - 1;
    }

    int topI32Constant() {
        return lastI32Constant;
    }

    /** The first of the two long slots holding the virtual v128 at stack index {@code index}. */
    int v128Pair(int index) {
        while (v128Pairs.size() <= index) v128Pairs.add(-1);
        if (v128Pairs.get(index) < 0) {
            int lo = dedicatedSlot(TypeKind.LONG);
            dedicatedSlot(TypeKind.LONG);
            v128Pairs.set(index, lo);
        }
        return v128Pairs.get(index);
    }

    /**
     * Makes the JVM stack canonical again (see {@link SimdEmitter}): the values above the lowest virtual v128
     * go to scratch slots, then every entry from there up is pushed in order, virtual ones as V128 objects.
     */
    void flushV128() {
        if (stack.virtualCount() == 0) return;
        int lowest = 0;
        while (!stack.isVirtual(lowest)) lowest++;
        List<ValType> real = new ArrayList<>();
        for (int i = lowest; i < stack.height(); i++) if (!stack.isVirtual(i)) real.add(stack.get(i));
        int[] slots = spill(real);
        int next = 0;
        for (int i = lowest; i < stack.height(); i++) {
            if (stack.isVirtual(i)) {
                simd.pushAsObject(i);
            } else {
                code.loadLocal(kind(stack.get(i)), slots[next++]);
            }
        }
    }

    /**
     * Whether {@code op} works with virtual v128 entries on the stack: SIMD instructions, locals, drop, and
     * scalar instructions that touch only the values above them (no branch, call or other control).
     */
    private boolean keepsVirtualV128(Opcode op) {
        if (op.prefix == Opcode.PREFIX_SIMD) return true;
        if (op.prefix == Opcode.PREFIX_MISC) return op.code <= 7; // saturating truncations
        if (op.prefix != 0) return false;
        return switch (op) {
            case NOP, DROP, LOCAL_GET, LOCAL_SET, LOCAL_TEE, I32_CONST, I64_CONST, F32_CONST, F64_CONST -> true;
            // a scalar select touches only its operands on the JVM stack; a v128 one works on halves if both are virtual
            case SELECT, SELECT_T -> !isV128(stack.get(stack.height() - 2))
                    || (stack.isVirtualFromTop(1) && stack.isVirtualFromTop(2));
            default -> {
                if (op.immediate == Opcode.Immediate.MEMARG) yield true; // plain loads and stores
                if (op.code < 0x45 || op.code > 0xC4) yield false;
                yield !(NumericEmitter.isComparison(op) && nextIsConditional());
            }
        };
    }

    private void popJvm(ValType t) {
        if (kind(t).slotSize() == 2) code.pop2();
        else code.pop();
    }

    // ---- control ----

    FuncType blockType() {
        return switch (reader.blockType) {
            case CodeReader.BLOCK_EMPTY -> new FuncType(List.of(), List.of());
            case CodeReader.BLOCK_VALUE -> new FuncType(List.of(), List.of(reader.blockValType));
            default -> unit.funcTypeAt(reader.blockTypeIndex);
        };
    }

    private void skipDead(Opcode op) {
        switch (op.immediate) {
            case BLOCK, TRY_TABLE -> frames.add(new ControlFrame(ControlFrame.BLOCK, List.of(), List.of(), stack.height(), false));
            default -> {
                if (op == Opcode.END || op == Opcode.DELEGATE) {
                    ControlFrame f = frames.getLast();
                    if (!f.live) {
                        frames.removeLast();
                    } else if (op == Opcode.END) {
                        end();
                    } else {
                        exceptions.delegate(reader.index);
                    }
                } else if (op == Opcode.ELSE && frames.getLast().live) {
                    elseBranch();
                } else if ((op == Opcode.CATCH || op == Opcode.CATCH_ALL) && frames.getLast().live) {
                    exceptions.legacyCatch(op == Opcode.CATCH ? reader.index : -1);
                }
            }
        }
    }

    int contextSlot() {
        return contextSlot;
    }

    // ---- frame and reachability access for the exception emitter ----

    void pushFrame(ControlFrame f) {
        frames.add(f);
    }

    ControlFrame currentFrame() {
        return frames.getLast();
    }

    ControlFrame popFrame() {
        return frames.removeLast();
    }

    int frameCount() {
        return frames.size();
    }

    /** Byte offset in the code array of the next instruction to read. */
    int nextInstructionOffset() {
        return reader.position();
    }

    boolean isReachable() {
        return reachable;
    }

    void setReachable(boolean value) {
        reachable = value;
    }

    private ControlFrame openFrame(int kind) {
        FuncType bt = blockType();
        ControlFrame f = new ControlFrame(kind, bt.params(), bt.results(), stack.height() - bt.params().size(), true);
        f.offset = reader.instructionOffset;
        frames.add(f);
        return f;
    }

    private void end() {
        ControlFrame f = frames.removeLast();
        if (f.kind == ControlFrame.FUNCTION) {
            if (reachable) emitReturn();
            return;
        }
        if (reachable && f.kind != ControlFrame.LOOP) f.endReachable = true;
        if (f.kind == ControlFrame.TRY || f.kind == ControlFrame.LEGACY_TRY) exceptions.endProtected(f, reachable);
        if (f.kind == ControlFrame.IF && !f.hasElse) {
            code.labelBinding(f.elseLabel);
            if (splitter != null) splitter.boundElse(f);
            f.endReachable = true;
        }
        if (f.kind != ControlFrame.LOOP) {
            if (splitter != null && splitter.hasEndEntry(f)) f.endReachable = true;
            if (f.endReachable) code.labelBinding(f.end);
            if (splitter != null) splitter.boundEnd(f);
            reachable = f.endReachable;
        }
        stack.truncate(f.height);
        stack.pushAll(f.results);
    }

    private void elseBranch() {
        ControlFrame f = frames.getLast();
        if (reachable) {
            code.goto_(f.end);
            f.endReachable = true;
        }
        code.labelBinding(f.elseLabel);
        if (splitter != null) splitter.boundElse(f);
        f.hasElse = true;
        reachable = true;
        stack.truncate(f.height);
        stack.pushAll(f.params);
    }

    /** Whether the instruction being emitted is inside a loop. */
    boolean insideLoop() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).kind == ControlFrame.LOOP) return true;
        }
        return false;
    }

    ControlFrame frameAt(int depth) {
        return frames.get(frames.size() - 1 - depth);
    }

    /** Values on the stack between the target's base and the values the branch carries. */
    private int excess(ControlFrame target) {
        return stack.height() - target.labelTypes().size() - target.height;
    }

    private boolean needsFixup(ControlFrame target) {
        if (splitter != null && splitter.isExternal(target)) return true;
        return target.kind == ControlFrame.FUNCTION || target.header != null || excess(target) > 0;
    }

    /**
     * A loop entered with values on the JVM stack (values below it, or its params) stores them to slots of
     * their own and binds its back-edge target where the stack is empty, then reloads them: HotSpot cannot
     * enter compiled code (OSR) at a backward-branch target with a non-empty stack, so a long-running loop
     * there would stay in the interpreter or C1 ("stack not empty at OSR entry point").
     */
    private void enterLoopThroughSlots(ControlFrame f) {
        int height = stack.height();
        int[] slots = new int[height];
        for (int i = 0; i < height; i++) slots[i] = dedicatedSlot(kind(stack.get(i)));
        f.headerSlots = slots;
        f.header = code.newLabel();
        limits.emitLoopEntry(reader.instructionOffset, f.target, f.header, () -> storeToSlots(height, slots));
        for (int i = 0; i < height; i++) code.loadLocal(kind(stack.get(i)), slots[i]);
    }

    private void storeToSlots(int height, int[] slots) {
        for (int i = height - 1; i >= 0; i--) code.storeLocal(kind(stack.get(i)), slots[i]);
    }

    /** A back edge to a loop entered through slots: its params go to their slots, the rest is dropped. */
    private void jumpToLoopHeader(ControlFrame loop) {
        int carried = loop.params.size();
        int height = stack.height();
        for (int j = carried - 1; j >= 0; j--) {
            code.storeLocal(kind(stack.get(height - carried + j)), loop.headerSlots[loop.height + j]);
        }
        for (int i = height - carried - 1; i >= 0; i--) popJvm(stack.get(i));
        code.goto_(loop.header);
    }

    /** Emits an unconditional jump to {@code target} with its carried values; the type stack is unchanged. */
    void branchTo(ControlFrame target) {
        if (splitter != null && splitter.isExternal(target)) {
            splitter.exitTo(target);
            return;
        }
        if (target.kind == ControlFrame.FUNCTION) {
            emitReturn();
            return;
        }
        if (target.header != null) {
            jumpToLoopHeader(target);
            return;
        }
        List<ValType> carried = target.labelTypes();
        int excess = excess(target);
        if (excess > 0) {
            int[] slots = spill(carried);
            for (int i = 0; i < excess; i++) popJvm(stack.get(stack.height() - carried.size() - 1 - i));
            reload(carried, slots);
        }
        code.goto_(target.target);
        if (target.kind != ControlFrame.LOOP) target.endReachable = true;
    }

    int[] spill(List<ValType> values) {
        int[] slots = new int[values.size()];
        Map<TypeKind, Integer> used = new EnumMap<>(TypeKind.class);
        for (int i = values.size() - 1; i >= 0; i--) {
            TypeKind k = kind(values.get(i));
            int n = used.merge(k, 1, Integer::sum) - 1;
            slots[i] = scratch(k, n);
            code.storeLocal(k, slots[i]);
        }
        return slots;
    }

    private void reload(List<ValType> values, int[] slots) {
        for (int i = 0; i < values.size(); i++) code.loadLocal(kind(values.get(i)), slots[i]);
    }

    void markUnreachable() {
        reachable = false;
    }

    void emitReturn() {
        if (splitter != null) {
            splitter.exitReturn();
            return;
        }
        List<ValType> results = type.results();
        for (int i = results.size() - 1; i >= 1; i--) {
            ValType t = results.get(i);
            int slot = scratch(kind(t), 0);
            code.storeLocal(kind(t), slot);
            code.aload(contextSlot);
            if (JvmTypes.isObject(t)) {
                code.getfield(CONTEXT, "extraRefs", CD_Object.arrayType());
                code.loadConstant(i - 1);
                code.aload(slot);
                code.aastore();
            } else {
                code.getfield(CONTEXT, "extraBits", CD_long.arrayType());
                code.loadConstant(i - 1);
                code.loadLocal(kind(t), slot);
                toBits(t);
                code.lastore();
            }
        }
        limits.beforeReturn();
        code.return_(results.isEmpty() ? TypeKind.VOID : kind(results.getFirst()));
    }

    /** A call's trailing arguments: the callee's depth and the context. */
    /** Distinct functions a call_indirect site switches over at most ({@link #callThroughFixedTable}). */
    static final int MAX_FIXED_TABLE_ARMS = 8;
    /** Element indices the switch of such a site may span at most (its tableswitch size). */
    static final int MAX_FIXED_TABLE_SPAN = 64;

    /**
     * For a call_indirect of type {@code typeIndex} on a table whose elements are known ({@link FixedTables}):
     * per element index the defined function of exactly the call's canonical type there, or -1 (an element
     * that needs the bridge: null, unknown, another type, an import); null when no element qualifies or the
     * site would switch over too many ({@link #MAX_FIXED_TABLE_ARMS}, {@link #MAX_FIXED_TABLE_SPAN}).
     */
    private int[] fixedTableTargets(int typeIndex, int table) {
        if (!unit.directIndirectCalls || unit.tableIs64(table)) return null;
        int[] elements = unit.fixedTableElements(table);
        if (elements == null) return null;
        int typeId = unit.validated.canonicalTypeId(typeIndex);
        int[] targets = new int[elements.length];
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        int low = -1;
        int high = -1;
        for (int i = 0; i < elements.length; i++) {
            int f = elements[i];
            boolean direct = f >= unit.importedFunctionCount && f < unit.functionCount()
                    && unit.validated.canonicalTypeId(unit.validated.functionTypeIndex(f)) == typeId;
            targets[i] = direct ? f : -1;
            if (!direct) continue;
            distinct.add(f);
            if (low < 0) low = i;
            high = i;
        }
        if (low < 0 || distinct.size() > MAX_FIXED_TABLE_ARMS || high - low + 1 > MAX_FIXED_TABLE_SPAN) return null;
        return targets;
    }

    /**
     * call_indirect on a table whose elements never change: a switch on the element index with a direct
     * {@code invokestatic} per known function of the call's type (the JIT sees, and may inline, the real
     * target); every other index (out of range, null, other types, imports, elements added by table.grow) takes
     * the site's usual bridge, which does the checks and traps. Params are on the stack, the index on top:
     * <pre>
     *   istore idx; iload idx
     *   tableswitch (idx) {                      // element indices holding a direct target
     *     case e: funcF(params, depth, ctx); [drainOwn]; goto done   // one arm per distinct function
     *     default: callIndirectT_X(params, idx, depth, ctx)
     *   }
     *   done:
     * </pre>
     */
    private void callThroughFixedTable(int[] targets, FuncType ct, IndirectSite site) {
        int indexSlot = scratch(TypeKind.INT, 0);
        code.istore(indexSlot);
        Label bridge = code.newLabel();
        Label done = code.newLabel();
        java.util.Map<Integer, Label> arms = new java.util.LinkedHashMap<>();
        List<java.lang.classfile.instruction.SwitchCase> cases = new ArrayList<>();
        int low = Integer.MAX_VALUE;
        int high = -1;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0) continue;
            cases.add(java.lang.classfile.instruction.SwitchCase.of(i, arms.computeIfAbsent(targets[i], f -> code.newLabel())));
            low = Math.min(low, i);
            high = i;
        }
        code.iload(indexSlot);
        code.tableswitch(low, high, bridge, cases);
        for (var arm : arms.entrySet()) {
            int f = arm.getKey();
            code.labelBinding(arm.getValue());
            pushDepthAndContext();
            code.invokestatic(unit.owner, CompilationUnit.functionMethodName(f), JvmTypes.compiledDescriptor(ct));
            if (unit.mayLeaveTailCall(f)) TailCallEmitter.drainOwn(code, depthSlot, contextSlot, ct);
            code.goto_(done);
        }
        code.labelBinding(bridge);
        code.iload(indexSlot);
        pushDepthAndContext();
        code.invokestatic(unit.owner, CompilationUnit.indirectMethodName(site), JvmTypes.indirectDescriptor(ct, false));
        code.labelBinding(done);
    }

    private void pushDepthAndContext() {
        code.iload(depthSlot);
        code.aload(contextSlot);
    }

    void toBits(ValType t) {
        switch (t.kind()) {
            case I32 -> code.i2l();
            case F32 -> {
                code.invokestatic(FLOAT, "floatToRawIntBits", MethodTypeDesc.of(CD_int, CD_float));
                code.i2l();
            }
            case F64 -> code.invokestatic(DOUBLE, "doubleToRawLongBits", MethodTypeDesc.of(CD_long, CD_double));
            default -> { }
        }
    }

    void fromBits(ValType t) {
        switch (t.kind()) {
            case I32 -> code.l2i();
            case F32 -> {
                code.l2i();
                code.invokestatic(FLOAT, "intBitsToFloat", MethodTypeDesc.of(CD_float, CD_int));
            }
            case F64 -> code.invokestatic(DOUBLE, "longBitsToDouble", MethodTypeDesc.of(CD_double, CD_long));
            default -> { }
        }
    }

    /** return_call*: moves the callee's arguments from the stack into the instance's tail scratch. */
    private void storeTailArguments(FuncType callee) {
        List<ValType> params = callee.params();
        int[] slots = spill(params);
        for (int i = 0; i < params.size(); i++) {
            ValType t = params.get(i);
            code.aload(contextSlot);
            if (JvmTypes.isObject(t)) {
                code.getfield(CONTEXT, "tailRefs", CD_Object.arrayType());
                code.loadConstant(i);
                code.aload(slots[i]);
                code.aastore();
            } else {
                code.getfield(CONTEXT, "tailBits", CD_long.arrayType());
                code.loadConstant(i);
                code.loadLocal(kind(t), slots[i]);
                toBits(t);
                code.lastore();
            }
        }
        stack.popN(params.size());
    }

    /** Leaves with a placeholder result: the caller runs the pending tail call (see TailCallEmitter). */
    private void returnForTailCall() {
        if (splitter != null) {
            splitter.exitTailCall();
            markUnreachable();
            return;
        }
        limits.beforeReturn();
        List<ValType> results = type.results();
        if (results.isEmpty()) {
            code.return_();
        } else {
            pushZero(results.getFirst());
            code.return_(kind(results.getFirst()));
        }
        markUnreachable();
    }

    /** The heap-type operands of References.test/cast: abstract code or canonical id, then nullability. */
    private void pushHeapTypeTest(int heapType, boolean nullable) {
        code.loadConstant(heapType >= 0 ? unit.validated.canonicalTypeId(heapType) : heapType);
        code.loadConstant(nullable ? 1 : 0);
    }

    /** After a call: result 1 is on the stack; results 2..n come from the scratch arrays. */
    private void pushCallResults(FuncType callee) {
        List<ValType> results = callee.results();
        for (int i = 0; i < results.size(); i++) {
            ValType t = results.get(i);
            if (i > 0) {
                code.aload(contextSlot);
                if (JvmTypes.isObject(t)) {
                    code.getfield(CONTEXT, "extraRefs", CD_Object.arrayType());
                    code.loadConstant(i - 1);
                    code.aaload();
                    JvmTypes.castFromObject(code, t);
                } else {
                    code.getfield(CONTEXT, "extraBits", CD_long.arrayType());
                    code.loadConstant(i - 1);
                    code.laload();
                    fromBits(t);
                }
            }
            stack.push(t);
        }
    }

    // ---- instructions ----

    private void emitInstruction(Opcode op) {
        if (stack.virtualCount() > 0 && !keepsVirtualV128(op)) flushV128();
        switch (op) {
            case NOP -> { }
            case UNREACHABLE -> {
                ClassDesc trap = JvmTypes.desc(UnreachableTrap.class);
                code.new_(trap);
                code.dup();
                code.loadConstant(functionIndex);
                String name = unit.functionName(functionIndex);
                if (name == null) code.aconst_null();
                else code.loadConstant(name);
                code.loadConstant((long) reader.instructionOffset);
                code.invokespecial(trap, "<init>", MethodTypeDesc.of(CD_void, CD_int, CD_String, CD_long));
                code.athrow();
                markUnreachable();
            }
            case BLOCK -> {
                ControlFrame f = openFrame(ControlFrame.BLOCK);
                f.end = f.target = code.newLabel();
            }
            case LOOP -> {
                ControlFrame f = openFrame(ControlFrame.LOOP);
                f.target = code.newLabel();
                if (stack.height() > 0) enterLoopThroughSlots(f);
                else limits.emitLoopEntry(reader.instructionOffset, f.target, null, () -> { });
            }
            case IF -> ifThen(java.lang.classfile.Opcode.IFNE);
            case ELSE -> elseBranch();
            case TRY_TABLE -> exceptions.tryTable(reader);
            case TRY -> exceptions.legacyTry();
            case CATCH -> exceptions.legacyCatch(reader.index);
            case CATCH_ALL -> exceptions.legacyCatch(-1);
            case DELEGATE -> exceptions.delegate(reader.index);
            case RETHROW -> {
                limits.beforeThrow();
                code.aload(frameAt(reader.index).exceptionSlot);
                code.athrow();
                markUnreachable();
            }
            case THROW -> exceptions.throwException(reader.index);
            case THROW_REF -> exceptions.throwRef();
            case END -> end();
            case BR -> {
                branchTo(frameAt(reader.index));
                markUnreachable();
            }
            case BR_IF -> brIf(java.lang.classfile.Opcode.IFNE);
            case BR_TABLE -> brTable();
            case RETURN -> {
                emitReturn();
                markUnreachable();
            }
            case CALL -> {
                int callee = reader.index;
                FuncType ct = unit.functionType(callee);
                stack.popN(ct.params().size());
                pushDepthAndContext();
                limits.beforeCall();
                code.invokestatic(unit.owner, CompilationUnit.functionMethodName(callee), JvmTypes.compiledDescriptor(ct));
                if (unit.mayLeaveTailCall(callee)) TailCallEmitter.drainOwn(code, depthSlot, contextSlot, ct);
                limits.afterCall();
                pushCallResults(ct);
                memory.reloadMemory();
            }
            case RETURN_CALL -> {
                FuncType ct = unit.functionType(reader.index);
                storeTailArguments(ct);
                code.aload(contextSlot);
                code.aload(contextSlot);
                code.getfield(CONTEXT, "functions", JvmTypes.FUNCTION_REF.arrayType());
                code.loadConstant(reader.index);
                code.aaload();
                code.putfield(CONTEXT, "pendingTail", JvmTypes.FUNCTION_REF);
                returnForTailCall();
            }
            case RETURN_CALL_INDIRECT -> {
                FuncType ct = unit.funcTypeAt(reader.index);
                int table = reader.index2;
                unit.checkFuncrefTable(table);
                boolean table64 = unit.tableIs64(table);
                // past every scratch slot the argument spill below may use
                int indexSlot = scratch(table64 ? TypeKind.LONG : TypeKind.INT, ct.params().size());
                code.storeLocal(table64 ? TypeKind.LONG : TypeKind.INT, indexSlot);
                stack.pop();
                storeTailArguments(ct);
                code.aload(contextSlot);
                code.aload(contextSlot);
                code.getfield(CONTEXT, "tables", JvmTypes.TABLE.arrayType());
                code.loadConstant(table);
                code.aaload();
                code.loadLocal(table64 ? TypeKind.LONG : TypeKind.INT, indexSlot);
                code.loadConstant(unit.validated.canonicalTypeId(reader.index));
                code.invokevirtual(JvmTypes.TABLE, "functionForCall",
                        MethodTypeDesc.of(JvmTypes.FUNCTION_REF, table64 ? CD_long : CD_int, CD_int));
                code.putfield(CONTEXT, "pendingTail", JvmTypes.FUNCTION_REF);
                returnForTailCall();
            }
            case CALL_INDIRECT -> {
                FuncType ct = unit.funcTypeAt(reader.index);
                unit.checkFuncrefTable(reader.index2);
                stack.pop();
                stack.popN(ct.params().size());
                IndirectSite site = new IndirectSite(reader.index, reader.index2);
                unit.indirectSites.add(site);
                int[] direct = fixedTableTargets(reader.index, reader.index2);
                if (direct == null) pushDepthAndContext();
                limits.beforeCall();
                if (direct != null) {
                    callThroughFixedTable(direct, ct, site);
                } else {
                    code.invokestatic(unit.owner, CompilationUnit.indirectMethodName(site),
                            JvmTypes.indirectDescriptor(ct, unit.tableIs64(site.tableIndex())));
                }
                limits.afterCall();
                pushCallResults(ct);
                memory.reloadMemory();
            }
            case DROP -> {
                if (stack.isVirtualFromTop(0)) stack.pop(); // nothing on the JVM stack
                else popJvm(stack.pop());
            }
            case SELECT, SELECT_T -> select();
            case LOCAL_GET -> {
                int i = reader.index;
                if (splitter != null) splitter.useLocal(i, false);
                if (isV128(localTypes[i])) {
                    simd.loadLocal(localSlots[i]);
                } else {
                    code.loadLocal(kind(localTypes[i]), localSlots[i]);
                    stack.push(localTypes[i]);
                }
            }
            case LOCAL_SET -> {
                int i = reader.index;
                if (splitter != null) splitter.useLocal(i, true);
                if (isV128(localTypes[i])) {
                    simd.storeLocal(localSlots[i]);
                } else {
                    stack.pop();
                    code.storeLocal(kind(localTypes[i]), localSlots[i]);
                }
            }
            case LOCAL_TEE -> {
                int i = reader.index;
                if (splitter != null) splitter.useLocal(i, true);
                if (isV128(localTypes[i])) {
                    simd.teeLocal(localSlots[i]);
                } else {
                    if (kind(localTypes[i]).slotSize() == 2) code.dup2();
                    else code.dup();
                    code.storeLocal(kind(localTypes[i]), localSlots[i]);
                }
            }
            case GLOBAL_GET -> globals.get(reader.index);
            case GLOBAL_SET -> globals.set(reader.index);
            case REF_NULL -> {
                code.aconst_null();
                stack.push(ValType.ref(true, reader.heapType));
            }
            case REF_EQ -> {
                stack.popN(2);
                code.invokestatic(REFERENCES, "eq", MethodTypeDesc.of(CD_boolean, CD_Object, CD_Object));
                stack.push(ValType.I32);
            }
            case REF_I31 -> {
                stack.pop();
                code.invokestatic(REFERENCES, "i31", MethodTypeDesc.of(CD_Object, CD_int));
                stack.push(ValType.ref(false, HeapType.I31));
            }
            case I31_GET_S, I31_GET_U -> {
                stack.pop();
                code.invokestatic(JvmTypes.desc(dev.gatun.internal.runtime.I31.class),
                        op == Opcode.I31_GET_S ? "getSigned" : "getUnsigned", MethodTypeDesc.of(CD_int, CD_Object));
                stack.push(ValType.I32);
            }
            case REF_TEST, REF_TEST_NULL -> {
                stack.pop();
                pushHeapTypeTest(reader.heapType, op == Opcode.REF_TEST_NULL);
                code.invokestatic(REFERENCES, "test", TEST);
                stack.push(ValType.I32);
            }
            case REF_CAST, REF_CAST_NULL -> {
                stack.pop();
                boolean nullable = op == Opcode.REF_CAST_NULL;
                pushHeapTypeTest(reader.heapType, nullable);
                code.invokestatic(REFERENCES, "cast", MethodTypeDesc.of(CD_Object, CD_Object, CD_int, CD_boolean));
                stack.push(ValType.ref(nullable, reader.heapType));
            }
            case BR_ON_CAST, BR_ON_CAST_FAIL -> {
                // the reference stays on the stack either way; only the label differs
                Label stay = code.newLabel();
                code.dup();
                pushHeapTypeTest(reader.heapType2, (reader.castFlags & 2) != 0);
                code.invokestatic(REFERENCES, "test", TEST);
                if (op == Opcode.BR_ON_CAST) code.ifeq(stay);
                else code.ifne(stay);
                branchTo(frameAt(reader.index));
                code.labelBinding(stay);
            }
            case ANY_CONVERT_EXTERN, EXTERN_CONVERT_ANY -> {
                // the same Java object in either hierarchy: host values and i31s keep their identity
                ValType t = stack.pop();
                stack.push(ValType.ref(t.nullable(), op == Opcode.ANY_CONVERT_EXTERN ? HeapType.ANY : HeapType.EXTERN));
            }
            case REF_AS_NON_NULL -> {
                ValType t = stack.pop();
                code.invokestatic(REFERENCES, "asNonNull", MethodTypeDesc.of(CD_Object, CD_Object));
                stack.push(ValType.ref(false, t.heapType()));
            }
            case BR_ON_NULL -> {
                ValType t = stack.pop();
                Label keep = code.newLabel();
                code.dup();
                code.ifnonnull(keep);
                code.pop();
                branchTo(frameAt(reader.index));
                code.labelBinding(keep);
                stack.push(ValType.ref(false, t.heapType()));
            }
            case BR_ON_NON_NULL -> {
                Label isNull = code.newLabel();
                code.dup();
                code.ifnull(isNull);
                branchTo(frameAt(reader.index));
                code.labelBinding(isNull);
                code.pop();
                stack.pop();
            }
            case CALL_REF -> {
                FuncType ct = unit.funcTypeAt(reader.index);
                stack.pop();
                stack.popN(ct.params().size());
                pushDepthAndContext();
                unit.callRefTypes.add(reader.index);
                limits.beforeCall();
                code.invokestatic(unit.owner, CompilationUnit.callRefMethodName(reader.index),
                        JvmTypes.callRefDescriptor(ct));
                limits.afterCall();
                pushCallResults(ct);
                memory.reloadMemory();
            }
            case RETURN_CALL_REF -> {
                FuncType ct = unit.funcTypeAt(reader.index);
                // past every scratch slot the argument spill below may use
                int refSlot = scratch(TypeKind.REFERENCE, ct.params().size());
                code.astore(refSlot);
                stack.pop();
                storeTailArguments(ct);
                code.aload(contextSlot);
                code.aload(refSlot);
                code.invokestatic(REFERENCES, "function", MethodTypeDesc.of(JvmTypes.FUNCTION_REF, CD_Object));
                code.putfield(CONTEXT, "pendingTail", JvmTypes.FUNCTION_REF);
                returnForTailCall();
            }
            case REF_IS_NULL -> {
                stack.pop();
                bool(java.lang.classfile.Opcode.IFNULL);
                stack.push(ValType.I32);
            }
            case REF_FUNC -> {
                code.aload(contextSlot);
                code.getfield(CONTEXT, "functions", JvmTypes.FUNCTION_REF.arrayType());
                code.loadConstant(reader.index);
                code.aaload();
                stack.push(ValType.ref(false, HeapType.FUNC));
            }
            case I32_CONST -> {
                code.loadConstant((int) reader.longValue);
                stack.push(ValType.I32);
                lastI32Constant = (int) reader.longValue;
                lastI32ConstantAt = instructionsRead;
            }
            case I64_CONST -> {
                code.loadConstant(reader.longValue);
                stack.push(ValType.I64);
            }
            case F32_CONST -> {
                f32Constant((int) reader.longValue);
                stack.push(ValType.F32);
            }
            case I64_ROTL, I64_ROTR -> {
                NumericEmitter.i64Rotate(code, op == Opcode.I64_ROTL, scratch(TypeKind.LONG, 0));
                stack.applySignature(op.signature);
            }
            case F64_CONST -> {
                f64Constant(reader.longValue);
                stack.push(ValType.F64);
            }
            default -> {
                if (NumericEmitter.isComparison(op) && nextIsConditional()) {
                    fuseWithConditional(op);
                    return;
                }
                if (memory.emit(op, reader) || tables.emit(op, reader) || aggregates.emit(op, reader)
                        || atomics.emit(op, reader) || simd.emit(op, reader)) return;
                if (op.signature != null && op.prefix != Opcode.PREFIX_SIMD && op.prefix != Opcode.PREFIX_ATOMIC
                        && NumericEmitter.emit(op, code)) {
                    stack.applySignature(op.signature);
                } else {
                    throw new NotSupportedException(op.mnemonic);
                }
            }
        }
    }

    /**
     * {@code if} with the condition tested by {@code whenTrue}, a JVM branch consuming what is on the JVM
     * stack ({@code ifne} on an i32, or the branch of a fused comparison): it jumps to the else arm otherwise.
     */
    private void ifThen(java.lang.classfile.Opcode whenTrue) {
        stack.pop();
        ControlFrame f = openFrame(ControlFrame.IF);
        f.end = f.target = code.newLabel();
        f.elseLabel = code.newLabel();
        code.branch(NumericEmitter.negate(whenTrue), f.elseLabel);
    }

    /** {@code br_if} with the condition tested by {@code whenTrue} (see {@link #ifThen}). */
    private void brIf(java.lang.classfile.Opcode whenTrue) {
        stack.pop();
        ControlFrame target = frameAt(reader.index);
        if (needsFixup(target)) {
            Label skip = code.newLabel();
            code.branch(NumericEmitter.negate(whenTrue), skip);
            branchTo(target);
            code.labelBinding(skip);
        } else {
            code.branch(whenTrue, target.target);
            if (target.kind != ControlFrame.LOOP) target.endReachable = true;
        }
    }

    /** Whether the next instruction is {@code br_if} or {@code if} (single-byte opcodes). */
    private boolean nextIsConditional() {
        if (!reader.hasNext()) return false;
        int next = body.code().array()[reader.position()] & 0xFF;
        return next == 0x0D || next == 0x04;
    }

    /**
     * A comparison followed by {@code br_if}/{@code if} becomes one JVM compare-and-branch instead of making a
     * 0/1 and testing it: about 10 bytes less bytecode per conditional, so more functions fit HotSpot's
     * inlining and JIT limits, and the interpreter and C1 (cold code) run fewer instructions. Both Wasm
     * instructions are consumed here, in one {@link #step()}.
     */
    private void fuseWithConditional(Opcode comparison) {
        java.lang.classfile.Opcode whenTrue = NumericEmitter.condition(comparison, code);
        stack.applySignature(comparison.signature);
        Opcode next = reader.next();
        instructionsRead++;
        lastRead = next;
        if (next == Opcode.BR_IF) brIf(whenTrue);
        else ifThen(whenTrue);
    }

    private void brTable() {
        stack.pop();
        int n = reader.targetCount;
        int[] depths = java.util.Arrays.copyOf(reader.targets, n);
        int defaultDepth = reader.index;
        if (n == 0) {
            code.pop();
            branchTo(frameAt(defaultDepth));
            markUnreachable();
            return;
        }
        if (lookupBrTable(depths, defaultDepth)) return;
        if (splitter != null && splitter.exitsBrTable(depths, defaultDepth)) {
            splitter.exitBrTable(depths, defaultDepth);
            markUnreachable();
            return;
        }
        Map<Integer, Label> trampolines = new LinkedHashMap<>();
        if (n > COMPACT_BR_TABLE && compactBrTable(depths, defaultDepth, trampolines)) return;
        List<SwitchCase> cases = new ArrayList<>(n);
        for (int i = 0; i < n; i++) cases.add(SwitchCase.of(i, labelFor(depths[i], trampolines)));
        code.tableswitch(0, n - 1, labelFor(defaultDepth, trampolines), cases);
        for (Map.Entry<Integer, Label> e : trampolines.entrySet()) {
            code.labelBinding(e.getValue());
            branchTo(frameAt(e.getKey()));
        }
        markUnreachable();
    }

    /** A br_table whose cases only set locals to constants, emitted as table lookups ({@link BrTableLookup}). */
    private boolean lookupBrTable(int[] depths, int defaultDepth) {
        int entries = depths.length + 1;
        if (unit.fuel || entries < BrTableLookup.MIN_ENTRIES || entries > BrTableLookup.MAX_ENTRIES) return false;
        BrTableLookup.Cases cases = BrTableLookup.recognize(
                body.code().array(), reader.position(), body.code().offset() + body.code().length());
        if (cases == null || !BrTableLookup.framesFit(this, cases)) return false;
        int[] withDefault = Arrays.copyOf(depths, entries);
        withDefault[depths.length] = defaultDepth;
        BrTableLookup.emit(this, cases, withDefault);
        markUnreachable();
        return true;
    }

    /** Above this many targets a br_table with few distinct targets is emitted compactly. */
    private static final int COMPACT_BR_TABLE = 256;

    /**
     * A long br_table with few distinct targets (e.g. 16,000 entries naming 2 labels) as a tableswitch would
     * take 4 bytes per entry, too large for one JIT-compilable method or for splitting. Instead the entries
     * are a String constant of target ordinals (one char each, ordinal + 1 so each takes one UTF-8 byte):
     * {@code switch (index u< n ? table.charAt(index) : default)} over the distinct targets.
     */
    private boolean compactBrTable(int[] depths, int defaultDepth, Map<Integer, Label> trampolines) {
        Map<Integer, Integer> ordinals = new LinkedHashMap<>();
        ordinals.put(defaultDepth, 0);
        StringBuilder table = new StringBuilder(depths.length);
        for (int depth : depths) {
            int ordinal = ordinals.computeIfAbsent(depth, d -> ordinals.size());
            if (ordinal >= 126 || depths.length > 60_000) return false;
            table.append((char) (ordinal + 1));
        }
        int index = scratch(TypeKind.INT, 0);
        code.istore(index);
        Label lookup = code.newLabel();
        Label pick = code.newLabel();
        code.iload(index);
        code.loadConstant(depths.length);
        code.invokestatic(ClassDesc.of("java.lang.Integer"), "compareUnsigned", MethodTypeDesc.of(CD_int, CD_int, CD_int));
        code.iflt(lookup);
        code.iconst_1(); // the default's ordinal + 1
        code.goto_(pick);
        code.labelBinding(lookup);
        code.ldc(code.constantPool().stringEntry(table.toString()));
        code.iload(index);
        code.invokevirtual(CD_String, "charAt", MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_char, CD_int));
        code.labelBinding(pick);
        List<SwitchCase> cases = new ArrayList<>(ordinals.size());
        Label defaultLabel = null;
        for (Map.Entry<Integer, Integer> e : ordinals.entrySet()) {
            Label target = labelFor(e.getKey(), trampolines);
            if (e.getValue() == 0) defaultLabel = target;
            cases.add(SwitchCase.of(e.getValue() + 1, target));
        }
        code.tableswitch(1, ordinals.size(), defaultLabel, cases);
        for (Map.Entry<Integer, Label> e : trampolines.entrySet()) {
            code.labelBinding(e.getValue());
            branchTo(frameAt(e.getKey()));
        }
        markUnreachable();
        return true;
    }

    Label labelFor(int depth, Map<Integer, Label> trampolines) {
        ControlFrame target = frameAt(depth);
        if (!needsFixup(target)) {
            if (target.kind != ControlFrame.LOOP) target.endReachable = true;
            return target.target;
        }
        return trampolines.computeIfAbsent(depth, d -> code.newLabel());
    }

    private void select() {
        if (stack.virtualCount() > 0 && stack.isVirtualFromTop(1)) {
            simd.selectVirtual();
            return;
        }
        stack.pop();
        stack.pop();
        ValType t = stack.pop();
        stack.push(t);
        Label keepFirst = code.newLabel();
        Label done = code.newLabel();
        code.ifne(keepFirst);
        // keep the second: drop the first from below it
        if (kind(t).slotSize() == 2) {
            code.dup2_x2();
            code.pop2();
            code.pop2();
        } else {
            code.swap();
            code.pop();
        }
        code.goto_(done);
        code.labelBinding(keepFirst);
        popJvm(t);
        code.labelBinding(done);
    }

    /** Pushes 1 if the branch {@code op} (consuming the compared operands) is taken, else 0. */
    private void bool(java.lang.classfile.Opcode op) {
        NumericEmitter.bool(code, op);
    }

    private void f32Constant(int bits) {
        if (bits == 0) {
            code.fconst_0();
        } else if (Float.isNaN(Float.intBitsToFloat(bits))) {
            // the constant pool may canonicalize NaNs; build the exact payload from its bits
            code.loadConstant(bits);
            code.invokestatic(FLOAT, "intBitsToFloat", MethodTypeDesc.of(CD_float, CD_int));
        } else {
            code.ldc(code.constantPool().floatEntry(Float.intBitsToFloat(bits)));
        }
    }

    private void f64Constant(long bits) {
        if (bits == 0) {
            code.dconst_0();
        } else if (Double.isNaN(Double.longBitsToDouble(bits))) {
            code.loadConstant(bits);
            code.invokestatic(DOUBLE, "longBitsToDouble", MethodTypeDesc.of(CD_double, CD_long));
        } else {
            code.ldc(code.constantPool().doubleEntry(Double.longBitsToDouble(bits)));
        }
    }
}
