package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.kind;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
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
import dev.gatun.internal.runtime.Tag;
import dev.gatun.internal.runtime.ThrownException;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates one Wasm function body into the bytecode of one static method.
 *
 * <p><b>Generated-code shape.</b> Function {@code N} of type {@code [p*] -> [r*]} becomes
 * {@code static r0 funcN(p*, InstanceContext ctx)} (see {@link JvmTypes}). Slots: the parameters, then
 * {@code ctx}, then (when the module has a memory) the memory's {@code byte[]}, then the declared locals, then
 * scratch slots for spilling. The prologue calls {@code ctx.enterCall()} (call-depth limit), loads the memory
 * array and zeroes the locals. The Wasm operand stack is the JVM operand stack; a type stack mirrors it at
 * compile time. Blocks, loops and ifs become labels; a branch whose target has fewer values below its
 * carried values than are on the stack spills the carried values to scratch slots, pops the rest, reloads
 * and jumps, so every JVM merge point sees one stack shape. Unreachable code is not emitted. Returns store
 * results 2..n into {@code ctx.extraBits/extraRefs}, call {@code ctx.exitCall()} and return result 1 (the
 * JVM allows values left below it). Calls are {@code invokestatic} of {@code funcM} (imports have a bridge
 * method of that name) or of a {@code call_indirect} bridge; after a call, extra results are read back from
 * the scratch arrays and the memory array is reloaded (the callee may have grown it). Loop headers poll the
 * interrupt flag. A try_table saves the operand stack to slots of its own (the JVM empties the stack when
 * it enters a handler) and gets one exception-table entry for {@code ThrownException}; its handler, emitted
 * out of line at the end, matches tags in clause order, rebuilds the target's stack and jumps. Every method
 * has one outer handler that records the function index in traps raised by helpers. Memory, table and global instructions are emitted by {@link MemoryEmitter},
 * {@link TableEmitter} and {@link GlobalEmitter}, numeric ones by {@link NumericEmitter}; all share the
 * {@link TypeStack}.
 *
 * <p><b>Seam for method splitting:</b> the JVM caps a method at 64 KiB of bytecode (and HotSpot stops
 * JIT-compiling above 8000 bytes). Splitting will cut large bodies at block boundaries into helper methods
 * that receive the live locals; it is not done yet, so an oversized body fails class generation with a
 * "not supported" error from {@link ModuleCompiler}.
 */
final class FunctionEmitter {
    private static final ClassDesc FLOAT = ClassDesc.of("java.lang.Float");
    private static final ClassDesc DOUBLE = ClassDesc.of("java.lang.Double");
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(CD_void);
    /** Stay well below the JVM's 65535 local slots, leaving room for scratch slots. */
    static final long MAX_LOCAL_SLOTS = 60_000;

    private static final ClassDesc THROWN = JvmTypes.desc(ThrownException.class);
    private static final ClassDesc TAG = JvmTypes.desc(Tag.class);


    /** Where a call_indirect bridge is needed: type index and table index. */
    record IndirectSite(int typeIndex, int tableIndex) {}

    private final CompilationUnit unit;
    private final int functionIndex;
    private final FuncType type;
    private final FunctionBody body;
    private final CodeBuilder code;

    private ValType[] localTypes;
    private int[] localSlots;
    private int contextSlot;
    private int memorySlot = -1;
    private int nextFreeSlot;
    /** Holds ctx.callDepth at entry, restored when a try_table catches (unwound frames never exited). */
    private int depthSlot = -1;
    /** Handler that rethrows out of the function (delegate to the function's label), or null. */
    private Label escape;
    private final Map<TypeKind, List<Integer>> scratchSlots = new EnumMap<>(TypeKind.class);

    private final TypeStack stack = new TypeStack();
    private MemoryEmitter memory;
    private TableEmitter tables;
    private GlobalEmitter globals;
    private final ArrayList<ControlFrame> frames = new ArrayList<>();
    private boolean reachable = true;
    private CodeReader reader;

    FunctionEmitter(CompilationUnit unit, int functionIndex, FunctionBody body, CodeBuilder code) {
        this.unit = unit;
        this.functionIndex = functionIndex;
        this.type = unit.functionType(functionIndex);
        this.body = body;
        this.code = code;
    }

    void emit() {
        allocateLocals();
        prologue();
        ControlFrame function = new ControlFrame(ControlFrame.FUNCTION, List.of(), type.results(), 0, true);
        function.end = code.newLabel();
        frames.add(function);
        reader = new CodeReader(body.code());
        Label bodyStart = code.newBoundLabel();
        while (!frames.isEmpty()) {
            Opcode op = reader.next();
            try {
                if (reachable) {
                    emitInstruction(op);
                } else {
                    skipDead(op);
                }
            } catch (NotSupportedException e) {
                throw e.at(functionIndex, reader.instructionOffset);
            }
        }
        locateTraps(bodyStart);
        if (escape != null) {
            // delegate to the caller: outside every protected range, so no enclosing try catches it again
            code.labelBinding(escape);
            code.athrow();
        }
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
        contextSlot = slot++;
        if (unit.hasMemory) memorySlot = slot++;
        for (Locals l : body.locals()) {
            for (long k = 0; k < l.count(); k++) {
                localTypes[i] = l.type();
                localSlots[i++] = slot;
                slot += kind(l.type()).slotSize();
            }
        }
        if (slot > MAX_LOCAL_SLOTS) throw new NotSupportedException("function with more than " + MAX_LOCAL_SLOTS + " local slots");
        nextFreeSlot = slot;
    }

    private void prologue() {
        memory = new MemoryEmitter(unit, code, stack, contextSlot, memorySlot);
        tables = new TableEmitter(unit, code, stack, contextSlot);
        globals = new GlobalEmitter(unit, code, stack, contextSlot);
        code.aload(contextSlot);
        code.invokevirtual(CONTEXT, "enterCall", VOID);
        if (containsTryTable()) {
            depthSlot = dedicatedSlot(TypeKind.INT);
            code.aload(contextSlot);
            code.getfield(CONTEXT, "callDepth", CD_int);
            code.istore(depthSlot);
        }
        memory.reloadMemory();
        for (int i = type.params().size(); i < localTypes.length; i++) {
            pushZero(localTypes[i]);
            code.storeLocal(kind(localTypes[i]), localSlots[i]);
        }
    }

    private boolean containsTryTable() {
        CodeReader scan = new CodeReader(body.code());
        while (scan.hasNext()) {
            Opcode op = scan.next();
            if (op == Opcode.TRY_TABLE || op == Opcode.TRY) return true;
        }
        return false;
    }

    /** A slot of its own for a value that lives across instructions (unlike scratch slots). */
    private int dedicatedSlot(TypeKind kind) {
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
            default -> code.aconst_null();
        }
    }

    /** The {@code n}-th scratch slot of a kind; scratch values never live across instructions. */
    private int scratch(TypeKind kind, int n) {
        List<Integer> slots = scratchSlots.computeIfAbsent(kind, k -> new ArrayList<>());
        while (slots.size() <= n) {
            slots.add(nextFreeSlot);
            nextFreeSlot += kind.slotSize();
            if (nextFreeSlot > 65535) throw new NotSupportedException("function needing more than 65535 JVM local slots");
        }
        return slots.get(n);
    }

    private void popJvm(ValType t) {
        if (kind(t).slotSize() == 2) code.pop2();
        else code.pop();
    }

    // ---- control ----

    private FuncType blockType() {
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
                        delegate(reader.index);
                    }
                } else if (op == Opcode.ELSE && frames.getLast().live) {
                    elseBranch();
                } else if ((op == Opcode.CATCH || op == Opcode.CATCH_ALL) && frames.getLast().live) {
                    legacyCatch(op == Opcode.CATCH ? reader.index : -1);
                }
            }
        }
    }

    private ControlFrame openFrame(int kind) {
        FuncType bt = blockType();
        ControlFrame f = new ControlFrame(kind, bt.params(), bt.results(), stack.height() - bt.params().size(), true);
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
        if (f.kind == ControlFrame.TRY) {
            Label tryEnd = code.newBoundLabel();
            if (reachable) code.goto_(f.end);
            code.exceptionCatch(f.tryStart, tryEnd, f.handler, THROWN);
            code.labelBinding(f.handler);
            emitCatchClauses(f);
        }
        if (f.kind == ControlFrame.LEGACY_TRY) {
            if (f.inBody) f.bodyEnd = code.newBoundLabel();
            if (reachable) code.goto_(f.end);
            code.exceptionCatch(f.tryStart, f.bodyEnd, f.handler, THROWN);
            code.labelBinding(f.handler);
            emitLegacyDispatch(f);
        }
        if (f.kind == ControlFrame.IF && !f.hasElse) {
            code.labelBinding(f.elseLabel);
            f.endReachable = true;
        }
        if (f.kind != ControlFrame.LOOP) {
            if (f.endReachable) code.labelBinding(f.end);
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
        f.hasElse = true;
        reachable = true;
        stack.truncate(f.height);
        stack.pushAll(f.params);
    }

    private ControlFrame frameAt(int depth) {
        return frames.get(frames.size() - 1 - depth);
    }

    /** Values on the stack between the target's base and the values the branch carries. */
    private int excess(ControlFrame target) {
        return stack.height() - target.labelTypes().size() - target.height;
    }

    private boolean needsFixup(ControlFrame target) {
        return target.kind == ControlFrame.FUNCTION || excess(target) > 0;
    }

    /** Emits an unconditional jump to {@code target} with its carried values; the type stack is unchanged. */
    private void branchTo(ControlFrame target) {
        if (target.kind == ControlFrame.FUNCTION) {
            emitReturn();
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

    private int[] spill(List<ValType> values) {
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

    private void markUnreachable() {
        reachable = false;
    }

    private void emitReturn() {
        List<ValType> results = type.results();
        for (int i = results.size() - 1; i >= 1; i--) {
            ValType t = results.get(i);
            int slot = scratch(kind(t), 0);
            code.storeLocal(kind(t), slot);
            code.aload(contextSlot);
            if (t.isRef()) {
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
        code.aload(contextSlot);
        code.invokevirtual(CONTEXT, "exitCall", VOID);
        code.return_(results.isEmpty() ? TypeKind.VOID : kind(results.getFirst()));
    }

    private void toBits(ValType t) {
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

    private void fromBits(ValType t) {
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

    /** After a call: result 1 is on the stack; results 2..n come from the scratch arrays. */
    private void pushCallResults(FuncType callee) {
        List<ValType> results = callee.results();
        for (int i = 0; i < results.size(); i++) {
            ValType t = results.get(i);
            if (i > 0) {
                code.aload(contextSlot);
                if (t.isRef()) {
                    code.getfield(CONTEXT, "extraRefs", CD_Object.arrayType());
                    code.loadConstant(i - 1);
                    code.aaload();
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
                code.labelBinding(f.target);
                code.aload(contextSlot);
                code.invokevirtual(CONTEXT, "pollInterrupt", VOID);
            }
            case IF -> {
                stack.pop();
                ControlFrame f = openFrame(ControlFrame.IF);
                f.end = f.target = code.newLabel();
                f.elseLabel = code.newLabel();
                code.ifeq(f.elseLabel);
            }
            case ELSE -> elseBranch();
            case TRY_TABLE -> tryTable();
            case TRY -> legacyTry();
            case CATCH -> legacyCatch(reader.index);
            case CATCH_ALL -> legacyCatch(-1);
            case DELEGATE -> delegate(reader.index);
            case RETHROW -> {
                code.aload(frameAt(reader.index).exceptionSlot);
                code.athrow();
                markUnreachable();
            }
            case THROW -> throwException(reader.index);
            case THROW_REF -> {
                stack.pop();
                code.invokestatic(THROWN, "rethrow", MethodTypeDesc.of(THROWN, CD_Object));
                code.athrow();
                markUnreachable();
            }
            case END -> end();
            case BR -> {
                branchTo(frameAt(reader.index));
                markUnreachable();
            }
            case BR_IF -> {
                stack.pop();
                ControlFrame target = frameAt(reader.index);
                if (needsFixup(target)) {
                    Label skip = code.newLabel();
                    code.ifeq(skip);
                    branchTo(target);
                    code.labelBinding(skip);
                } else {
                    code.ifne(target.target);
                    if (target.kind != ControlFrame.LOOP) target.endReachable = true;
                }
            }
            case BR_TABLE -> brTable();
            case RETURN -> {
                emitReturn();
                markUnreachable();
            }
            case CALL -> {
                int callee = reader.index;
                FuncType ct = unit.functionType(callee);
                stack.popN(ct.params().size());
                code.aload(contextSlot);
                code.invokestatic(unit.owner, CompilationUnit.functionMethodName(callee), JvmTypes.compiledDescriptor(ct));
                pushCallResults(ct);
                memory.reloadMemory();
            }
            case CALL_INDIRECT -> {
                FuncType ct = unit.funcTypeAt(reader.index);
                unit.checkFuncrefTable(reader.index2);
                stack.pop();
                stack.popN(ct.params().size());
                code.aload(contextSlot);
                IndirectSite site = new IndirectSite(reader.index, reader.index2);
                unit.indirectSites.add(site);
                code.invokestatic(unit.owner, CompilationUnit.indirectMethodName(site),
                        JvmTypes.indirectDescriptor(ct, unit.tableIs64(site.tableIndex())));
                pushCallResults(ct);
                memory.reloadMemory();
            }
            case DROP -> popJvm(stack.pop());
            case SELECT, SELECT_T -> select();
            case LOCAL_GET -> {
                int i = reader.index;
                code.loadLocal(kind(localTypes[i]), localSlots[i]);
                stack.push(localTypes[i]);
            }
            case LOCAL_SET -> {
                int i = reader.index;
                stack.pop();
                code.storeLocal(kind(localTypes[i]), localSlots[i]);
            }
            case LOCAL_TEE -> {
                int i = reader.index;
                if (kind(localTypes[i]).slotSize() == 2) code.dup2();
                else code.dup();
                code.storeLocal(kind(localTypes[i]), localSlots[i]);
            }
            case GLOBAL_GET -> globals.get(reader.index);
            case GLOBAL_SET -> globals.set(reader.index);
            case REF_NULL -> {
                code.aconst_null();
                stack.push(ValType.ref(true, reader.heapType));
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
            }
            case I64_CONST -> {
                code.loadConstant(reader.longValue);
                stack.push(ValType.I64);
            }
            case F32_CONST -> {
                f32Constant((int) reader.longValue);
                stack.push(ValType.F32);
            }
            case F64_CONST -> {
                f64Constant(reader.longValue);
                stack.push(ValType.F64);
            }
            default -> {
                if (memory.emit(op, reader) || tables.emit(op, reader)) return;
                if (op.signature != null && op.prefix != Opcode.PREFIX_SIMD && op.prefix != Opcode.PREFIX_ATOMIC
                        && NumericEmitter.emit(op, code)) {
                    stack.applySignature(op.signature);
                } else {
                    throw new NotSupportedException(op.mnemonic);
                }
            }
        }
    }

    // ---- exceptions ----

    /**
     * try_table: the JVM empties its operand stack when it enters a handler, so the whole Wasm stack is
     * saved to slots of its own first (and reloaded for the body); the handler, emitted out of line at the
     * end, rebuilds each catch target's stack from them.
     */
    private void tryTable() {
        int n = reader.catchCount;
        int[] kinds = java.util.Arrays.copyOf(reader.catchKinds, n);
        int[] tags = java.util.Arrays.copyOf(reader.catchTags, n);
        int[] labels = java.util.Arrays.copyOf(reader.catchLabels, n);
        ControlFrame f = openProtected(ControlFrame.TRY);
        f.catchKinds = kinds;
        f.catchTags = tags;
        f.catchLabels = labels;
    }

    /** Opens a try_table or legacy try: saves the stack, starts the protected range. */
    private ControlFrame openProtected(int kind) {
        FuncType bt = blockType();
        int height = stack.height();
        int[] saved = new int[height];
        for (int i = height - 1; i >= 0; i--) {
            TypeKind k = kind(stack.get(i));
            saved[i] = dedicatedSlot(k);
            code.storeLocal(k, saved[i]);
        }
        for (int i = 0; i < height; i++) code.loadLocal(kind(stack.get(i)), saved[i]);
        ControlFrame f = new ControlFrame(kind, bt.params(), bt.results(), height - bt.params().size(), true);
        f.end = f.target = code.newLabel();
        f.savedSlots = saved;
        f.savedTypes = new ValType[height];
        for (int i = 0; i < height; i++) f.savedTypes[i] = stack.get(i);
        f.exceptionSlot = dedicatedSlot(TypeKind.REFERENCE);
        f.handler = code.newLabel();
        f.tryStart = code.newBoundLabel();
        code.nop(); // the JVM rejects an empty protected range (a body without instructions)
        frames.add(f);
        return f;
    }

    // ---- legacy exception handling (try / catch / catch_all / rethrow / delegate) ----

    private void legacyTry() {
        ControlFrame f = openProtected(ControlFrame.LEGACY_TRY);
        f.inBody = true;
        f.clauseTags = new ArrayList<>();
        f.clauseBodies = new ArrayList<>();
    }

    /** catch / catch_all (tag -1): closes the previous part and starts a catch body, entered from the dispatch. */
    private void legacyCatch(int tag) {
        ControlFrame f = frames.getLast();
        if (f.inBody) {
            f.bodyEnd = code.newBoundLabel();
            f.inBody = false;
        }
        if (reachable) {
            code.goto_(f.end);
            f.endReachable = true;
        }
        Label body = code.newLabel();
        code.labelBinding(body);
        f.clauseTags.add(tag);
        f.clauseBodies.add(body);
        reachable = true;
        stack.truncate(f.height);
        if (tag >= 0) stack.pushAll(unit.tagType(tag).params());
    }

    /** The legacy handler: stores the exception; the first matching clause gets the saved stack and payload. */
    private void emitLegacyDispatch(ControlFrame f) {
        code.astore(f.exceptionSlot);
        restoreCallDepth();
        for (int k = 0; k < f.clauseTags.size(); k++) {
            int tag = f.clauseTags.get(k);
            Label next = code.newLabel();
            if (tag >= 0) {
                code.aload(f.exceptionSlot);
                code.getfield(THROWN, "tag", TAG);
                loadTag(tag);
                code.if_acmpne(next);
            }
            for (int i = 0; i < f.height; i++) code.loadLocal(kind(f.savedTypes[i]), f.savedSlots[i]);
            if (tag >= 0) pushPayload(f.exceptionSlot, unit.tagType(tag));
            code.goto_(f.clauseBodies.get(k));
            code.labelBinding(next);
        }
        code.aload(f.exceptionSlot);
        code.athrow();
    }

    /**
     * delegate: the body's exceptions go to the handler of the try (or try_table) at label {@code depth}
     * or the next one outward, skipping tries already in their catch bodies; else out of the function.
     */
    private void delegate(int depth) {
        ControlFrame f = frames.removeLast();
        f.bodyEnd = code.newBoundLabel();
        Label target = null;
        for (int d = depth; d < frames.size(); d++) {
            ControlFrame outer = frameAt(d);
            if ((outer.kind == ControlFrame.LEGACY_TRY && outer.inBody) || outer.kind == ControlFrame.TRY) {
                target = outer.handler;
                break;
            }
        }
        if (target == null) {
            if (escape == null) escape = code.newLabel();
            target = escape;
        }
        code.exceptionCatch(f.tryStart, f.bodyEnd, target, THROWN);
        if (reachable) f.endReachable = true;
        if (f.endReachable) code.labelBinding(f.end);
        reachable = f.endReachable;
        stack.truncate(f.height);
        stack.pushAll(f.results);
    }

    private void restoreCallDepth() {
        if (depthSlot < 0) return;
        code.aload(contextSlot);
        code.iload(depthSlot);
        code.putfield(CONTEXT, "callDepth", CD_int);
    }

    private void pushPayload(int exceptionSlot, FuncType tagType) {
        for (int i = 0; i < tagType.params().size(); i++) {
            ValType t = tagType.params().get(i);
            code.aload(exceptionSlot);
            if (t.isRef()) {
                code.getfield(THROWN, "refs", CD_Object.arrayType());
                code.loadConstant(i);
                code.aaload();
            } else {
                code.getfield(THROWN, "bits", CD_long.arrayType());
                code.loadConstant(i);
                code.laload();
                fromBits(t);
            }
        }
    }

    /** The handler: the first clause whose tag matches (or catch_all) rebuilds its target's stack and jumps. */
    private void emitCatchClauses(ControlFrame f) {
        code.astore(f.exceptionSlot);
        restoreCallDepth();
        for (int k = 0; k < f.catchKinds.length; k++) {
            int clause = f.catchKinds[k];
            Label next = code.newLabel();
            FuncType payload = null;
            if (clause == CodeReader.CATCH || clause == CodeReader.CATCH_REF) {
                code.aload(f.exceptionSlot);
                code.getfield(THROWN, "tag", TAG);
                loadTag(f.catchTags[k]);
                code.if_acmpne(next);
                payload = unit.tagType(f.catchTags[k]);
            }
            // catch labels are relative to the context around the try_table, which is popped by now
            ControlFrame target = frameAt(f.catchLabels[k]);
            int keep = target.kind == ControlFrame.FUNCTION ? 0 : target.height;
            for (int i = 0; i < keep; i++) code.loadLocal(kind(f.savedTypes[i]), f.savedSlots[i]);
            if (payload != null) pushPayload(f.exceptionSlot, payload);
            if (clause == CodeReader.CATCH_REF || clause == CodeReader.CATCH_ALL_REF) code.aload(f.exceptionSlot);
            if (target.kind == ControlFrame.FUNCTION) {
                emitReturn();
            } else {
                code.goto_(target.target);
                if (target.kind != ControlFrame.LOOP) target.endReachable = true;
            }
            code.labelBinding(next);
        }
        code.aload(f.exceptionSlot);
        code.athrow();
    }

    private void throwException(int tagIndex) {
        FuncType payload = unit.tagType(tagIndex);
        List<ValType> params = payload.params();
        int[] slots = spill(params);
        int refs = (int) params.stream().filter(ValType::isRef).count();
        int exception = scratch(TypeKind.REFERENCE, refs);
        loadTag(tagIndex);
        code.invokestatic(THROWN, "create", MethodTypeDesc.of(THROWN, TAG));
        code.astore(exception);
        for (int i = 0; i < params.size(); i++) {
            ValType t = params.get(i);
            code.aload(exception);
            if (t.isRef()) {
                code.getfield(THROWN, "refs", CD_Object.arrayType());
                code.loadConstant(i);
                code.aload(slots[i]);
                code.aastore();
            } else {
                code.getfield(THROWN, "bits", CD_long.arrayType());
                code.loadConstant(i);
                code.loadLocal(kind(t), slots[i]);
                toBits(t);
                code.lastore();
            }
        }
        code.aload(exception);
        code.athrow();
        stack.popN(params.size());
        markUnreachable();
    }

    private void loadTag(int tagIndex) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "tags", TAG.arrayType());
        code.loadConstant(tagIndex);
        code.aaload();
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
        Map<Integer, Label> trampolines = new LinkedHashMap<>();
        List<SwitchCase> cases = new ArrayList<>(n);
        for (int i = 0; i < n; i++) cases.add(SwitchCase.of(i, labelFor(depths[i], trampolines)));
        code.tableswitch(0, n - 1, labelFor(defaultDepth, trampolines), cases);
        for (Map.Entry<Integer, Label> e : trampolines.entrySet()) {
            code.labelBinding(e.getValue());
            branchTo(frameAt(e.getKey()));
        }
        markUnreachable();
    }

    private Label labelFor(int depth, Map<Integer, Label> trampolines) {
        ControlFrame target = frameAt(depth);
        if (!needsFixup(target)) {
            if (target.kind != ControlFrame.LOOP) target.endReachable = true;
            return target.target;
        }
        return trampolines.computeIfAbsent(depth, d -> code.newLabel());
    }

    private void select() {
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
