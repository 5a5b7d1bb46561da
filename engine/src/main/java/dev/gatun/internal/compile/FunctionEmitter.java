package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.GLOBAL;
import static dev.gatun.internal.compile.JvmTypes.HEAP_MEMORY;
import static dev.gatun.internal.compile.JvmTypes.SEGMENT;
import static dev.gatun.internal.compile.JvmTypes.TABLE;
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
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.HeapMemoryAccess;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.runtime.NumericOps;
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
 * interrupt flag. Loads/stores/numeric corner cases call {@link HeapMemoryAccess} and {@link NumericOps}.
 *
 * <p><b>Seam for method splitting:</b> the JVM caps a method at 64 KiB of bytecode (and HotSpot stops
 * JIT-compiling above 8000 bytes). Splitting will cut large bodies at block boundaries into helper methods
 * that receive the live locals; it is not done yet, so an oversized body fails class generation with a
 * "not supported" error from {@link ModuleCompiler}.
 */
final class FunctionEmitter {
    private static final ClassDesc OPS = JvmTypes.desc(NumericOps.class);
    private static final ClassDesc MEMORY_ACCESS = JvmTypes.desc(HeapMemoryAccess.class);
    private static final ClassDesc FLOAT = ClassDesc.of("java.lang.Float");
    private static final ClassDesc DOUBLE = ClassDesc.of("java.lang.Double");
    private static final ClassDesc BYTES = ClassDesc.ofDescriptor("[B");
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(CD_void);
    /** Stay well below the JVM's 65535 local slots, leaving room for scratch slots. */
    static final long MAX_LOCAL_SLOTS = 60_000;

    private static final int BLOCK = 0;
    private static final int LOOP = 1;
    private static final int IF = 2;
    private static final int FUNCTION = 3;

    /** A control frame: a block, loop, if, or the function body itself. */
    private static final class Frame {
        final int kind;
        final List<ValType> params;
        final List<ValType> results;
        /** Type-stack height below the frame's parameters. */
        final int height;
        /** False when the frame began in unreachable code: nothing of it is emitted. */
        final boolean live;
        Label target;
        Label end;
        Label elseLabel;
        boolean endReachable;
        boolean hasElse;

        Frame(int kind, List<ValType> params, List<ValType> results, int height, boolean live) {
            this.kind = kind;
            this.params = params;
            this.results = results;
            this.height = height;
            this.live = live;
        }

        List<ValType> labelTypes() {
            return kind == LOOP ? params : results;
        }
    }

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
    private final Map<TypeKind, List<Integer>> scratchSlots = new EnumMap<>(TypeKind.class);

    private ValType[] stack = new ValType[32];
    private int height;
    private final ArrayList<Frame> frames = new ArrayList<>();
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
        Frame function = new Frame(FUNCTION, List.of(), type.results(), 0, true);
        function.end = code.newLabel();
        frames.add(function);
        reader = new CodeReader(body.code());
        Label bodyStart = code.newBoundLabel();
        while (!frames.isEmpty()) {
            Opcode op = reader.next();
            if (reachable) {
                emitInstruction(op);
            } else {
                skipDead(op);
            }
        }
        locateTraps(bodyStart);
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
            if (declared > MAX_LOCAL_SLOTS) throw unsupported("function with more than " + MAX_LOCAL_SLOTS + " locals");
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
        if (slot > MAX_LOCAL_SLOTS) throw unsupported("function with more than " + MAX_LOCAL_SLOTS + " local slots");
        nextFreeSlot = slot;
    }

    private void prologue() {
        code.aload(contextSlot);
        code.invokevirtual(CONTEXT, "enterCall", VOID);
        if (memorySlot >= 0) reloadMemory();
        for (int i = type.params().size(); i < localTypes.length; i++) {
            pushZero(localTypes[i]);
            code.storeLocal(kind(localTypes[i]), localSlots[i]);
        }
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

    private void reloadMemory() {
        if (memorySlot < 0) return;
        code.aload(contextSlot);
        code.getfield(CONTEXT, "memory0", HEAP_MEMORY);
        code.getfield(HEAP_MEMORY, "bytes", BYTES);
        code.astore(memorySlot);
    }

    /** The {@code n}-th scratch slot of a kind; scratch values never live across instructions. */
    private int scratch(TypeKind kind, int n) {
        List<Integer> slots = scratchSlots.computeIfAbsent(kind, k -> new ArrayList<>());
        while (slots.size() <= n) {
            slots.add(nextFreeSlot);
            nextFreeSlot += kind.slotSize();
            if (nextFreeSlot > 65535) throw unsupported("function needing more than 65535 JVM local slots");
        }
        return slots.get(n);
    }

    // ---- type stack ----

    private void push(ValType t) {
        if (height == stack.length) stack = java.util.Arrays.copyOf(stack, height * 2);
        stack[height++] = t;
    }

    private ValType pop() {
        if (height == 0) throw new IllegalStateException("operand stack underflow at 0x" + Integer.toHexString(reader.instructionOffset) + " (module not validated?)");
        return stack[--height];
    }

    private void popN(int n) {
        for (int i = 0; i < n; i++) pop();
    }

    private void pushAll(List<ValType> types) {
        for (ValType t : types) push(t);
    }

    private void popJvm(ValType t) {
        if (kind(t).slotSize() == 2) code.pop2();
        else code.pop();
    }

    private static ValType typeOfLetter(char c) {
        return switch (c) {
            case 'i', 'a' -> ValType.I32;
            case 'I' -> ValType.I64;
            case 'f' -> ValType.F32;
            case 'F' -> ValType.F64;
            default -> throw new NotSupportedException("value type letter " + c);
        };
    }

    /** Applies an opcode-table signature (e.g. "ii>i") to the type stack. */
    private void applySignature(String signature) {
        applySignature(signature, ValType.I32);
    }

    /** As above, with the memory's address type for the letter {@code a}. */
    private void applySignature(String signature, ValType addressType) {
        int arrow = signature.indexOf('>');
        popN(arrow);
        for (int i = arrow + 1; i < signature.length(); i++) {
            char c = signature.charAt(i);
            push(c == 'a' ? addressType : typeOfLetter(c));
        }
    }

    private ValType addressType(int memory) {
        return unit.memoryIs64(memory) ? ValType.I64 : ValType.I32;
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
            case BLOCK, TRY_TABLE -> frames.add(new Frame(BLOCK, List.of(), List.of(), height, false));
            default -> {
                if (op == Opcode.END || op == Opcode.DELEGATE) {
                    Frame f = frames.getLast();
                    if (f.live) {
                        end();
                    } else {
                        frames.removeLast();
                    }
                } else if (op == Opcode.ELSE && frames.getLast().live) {
                    elseBranch();
                }
            }
        }
    }

    private Frame openFrame(int kind) {
        FuncType bt = blockType();
        Frame f = new Frame(kind, bt.params(), bt.results(), height - bt.params().size(), true);
        frames.add(f);
        return f;
    }

    private void end() {
        Frame f = frames.removeLast();
        if (f.kind == FUNCTION) {
            if (reachable) emitReturn();
            return;
        }
        if (reachable && f.kind != LOOP) f.endReachable = true;
        if (f.kind == IF && !f.hasElse) {
            code.labelBinding(f.elseLabel);
            f.endReachable = true;
        }
        if (f.kind != LOOP) {
            if (f.endReachable) code.labelBinding(f.end);
            reachable = f.endReachable;
        }
        height = f.height;
        pushAll(f.results);
    }

    private void elseBranch() {
        Frame f = frames.getLast();
        if (reachable) {
            code.goto_(f.end);
            f.endReachable = true;
        }
        code.labelBinding(f.elseLabel);
        f.hasElse = true;
        reachable = true;
        height = f.height;
        pushAll(f.params);
    }

    private Frame frameAt(int depth) {
        return frames.get(frames.size() - 1 - depth);
    }

    /** Values on the stack between the target's base and the values the branch carries. */
    private int excess(Frame target) {
        return height - target.labelTypes().size() - target.height;
    }

    private boolean needsFixup(Frame target) {
        return target.kind == FUNCTION || excess(target) > 0;
    }

    /** Emits an unconditional jump to {@code target} with its carried values; the type stack is unchanged. */
    private void branchTo(Frame target) {
        if (target.kind == FUNCTION) {
            emitReturn();
            return;
        }
        List<ValType> carried = target.labelTypes();
        int excess = excess(target);
        if (excess > 0) {
            int[] slots = spill(carried);
            for (int i = 0; i < excess; i++) popJvm(stack[height - carried.size() - 1 - i]);
            reload(carried, slots);
        }
        code.goto_(target.target);
        if (target.kind != LOOP) target.endReachable = true;
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
            push(t);
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
                Frame f = openFrame(BLOCK);
                f.end = f.target = code.newLabel();
            }
            case LOOP -> {
                Frame f = openFrame(LOOP);
                f.target = code.newLabel();
                code.labelBinding(f.target);
                code.aload(contextSlot);
                code.invokevirtual(CONTEXT, "pollInterrupt", VOID);
            }
            case IF -> {
                pop();
                Frame f = openFrame(IF);
                f.end = f.target = code.newLabel();
                f.elseLabel = code.newLabel();
                code.ifeq(f.elseLabel);
            }
            case ELSE -> elseBranch();
            case END -> end();
            case BR -> {
                branchTo(frameAt(reader.index));
                markUnreachable();
            }
            case BR_IF -> {
                pop();
                Frame target = frameAt(reader.index);
                if (needsFixup(target)) {
                    Label skip = code.newLabel();
                    code.ifeq(skip);
                    branchTo(target);
                    code.labelBinding(skip);
                } else {
                    code.ifne(target.target);
                    if (target.kind != LOOP) target.endReachable = true;
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
                popN(ct.params().size());
                code.aload(contextSlot);
                code.invokestatic(unit.owner, CompilationUnit.functionMethodName(callee), JvmTypes.compiledDescriptor(ct));
                pushCallResults(ct);
                reloadMemory();
            }
            case CALL_INDIRECT -> {
                FuncType ct = unit.funcTypeAt(reader.index);
                unit.checkFuncrefTable(reader.index2);
                pop();
                popN(ct.params().size());
                code.aload(contextSlot);
                IndirectSite site = new IndirectSite(reader.index, reader.index2);
                unit.indirectSites.add(site);
                code.invokestatic(unit.owner, CompilationUnit.indirectMethodName(site),
                        JvmTypes.indirectDescriptor(ct, unit.tableIs64(site.tableIndex())));
                pushCallResults(ct);
                reloadMemory();
            }
            case DROP -> popJvm(pop());
            case SELECT, SELECT_T -> select();
            case LOCAL_GET -> {
                int i = reader.index;
                code.loadLocal(kind(localTypes[i]), localSlots[i]);
                push(localTypes[i]);
            }
            case LOCAL_SET -> {
                int i = reader.index;
                pop();
                code.storeLocal(kind(localTypes[i]), localSlots[i]);
            }
            case LOCAL_TEE -> {
                int i = reader.index;
                if (kind(localTypes[i]).slotSize() == 2) code.dup2();
                else code.dup();
                code.storeLocal(kind(localTypes[i]), localSlots[i]);
            }
            case GLOBAL_GET -> globalGet(reader.index);
            case GLOBAL_SET -> globalSet(reader.index);
            case TABLE_GET -> {
                pop();
                int t = reader.index;
                loadTable(t);
                code.invokestatic(TABLE, tableMethod("get", t), MethodTypeDesc.of(CD_Object, tableIndex(t), TABLE));
                push(unit.tableType(t));
            }
            case TABLE_SET -> {
                popN(2);
                int t = reader.index;
                loadTable(t);
                code.invokestatic(TABLE, tableMethod("set", t), MethodTypeDesc.of(CD_void, tableIndex(t), CD_Object, TABLE));
            }
            case TABLE_SIZE -> {
                int t = reader.index;
                loadTable(t);
                code.invokestatic(TABLE, tableMethod("size", t), MethodTypeDesc.of(tableIndex(t), TABLE));
                push(tableIndexType(t));
            }
            case TABLE_GROW -> {
                popN(2);
                int t = reader.index;
                loadTable(t);
                code.invokestatic(TABLE, tableMethod("grow", t),
                        MethodTypeDesc.of(tableIndex(t), CD_Object, tableIndex(t), TABLE));
                push(tableIndexType(t));
            }
            case TABLE_FILL -> {
                popN(3);
                int t = reader.index;
                loadTable(t);
                code.invokestatic(TABLE, tableMethod("fill", t),
                        MethodTypeDesc.of(CD_void, tableIndex(t), CD_Object, tableIndex(t), TABLE));
            }
            case TABLE_COPY -> {
                int to = reader.index;
                int from = reader.index2;
                if (unit.tableIs64(to) != unit.tableIs64(from)) throw unsupported("table.copy between 32- and 64-bit tables");
                popN(3);
                loadTable(to);
                loadTable(from);
                ClassDesc i = tableIndex(to);
                code.invokestatic(TABLE, tableMethod("copy", to), MethodTypeDesc.of(CD_void, i, i, i, TABLE, TABLE));
            }
            case TABLE_INIT -> {
                popN(3);
                int t = reader.index2;
                loadTable(t);
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(TABLE, tableMethod("init", t),
                        MethodTypeDesc.of(CD_void, tableIndex(t), CD_int, CD_int, TABLE, CONTEXT, CD_int));
            }
            case ELEM_DROP -> {
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(CONTEXT, "dropElements", MethodTypeDesc.of(CD_void, CONTEXT, CD_int));
            }
            case MEMORY_FILL -> {
                popN(3);
                loadHeapMemory(reader.index);
                if (unit.memoryIs64(reader.index)) {
                    code.invokestatic(HEAP_MEMORY, "fill64", MethodTypeDesc.of(CD_void, CD_long, CD_int, CD_long, HEAP_MEMORY));
                } else {
                    code.invokestatic(HEAP_MEMORY, "fill", MethodTypeDesc.of(CD_void, CD_int, CD_int, CD_int, HEAP_MEMORY));
                }
            }
            case MEMORY_COPY -> {
                boolean is64 = unit.memoryIs64(reader.index);
                if (is64 != unit.memoryIs64(reader.index2)) throw unsupported("memory.copy between 32- and 64-bit memories");
                popN(3);
                loadHeapMemory(reader.index);
                loadHeapMemory(reader.index2);
                ClassDesc a = is64 ? CD_long : CD_int;
                code.invokestatic(HEAP_MEMORY, is64 ? "copy64" : "copy",
                        MethodTypeDesc.of(CD_void, a, a, a, HEAP_MEMORY, HEAP_MEMORY));
            }
            case MEMORY_INIT -> {
                popN(3);
                loadHeapMemory(reader.index2);
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                boolean is64 = unit.memoryIs64(reader.index2);
                code.invokestatic(HEAP_MEMORY, is64 ? "init64" : "init",
                        MethodTypeDesc.of(CD_void, is64 ? CD_long : CD_int, CD_int, CD_int, HEAP_MEMORY, CONTEXT, CD_int));
            }
            case DATA_DROP -> {
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(CONTEXT, "dropData", MethodTypeDesc.of(CD_void, CONTEXT, CD_int));
            }
            case REF_NULL -> {
                code.aconst_null();
                push(ValType.ref(true, reader.heapType));
            }
            case REF_IS_NULL -> {
                pop();
                bool(java.lang.classfile.Opcode.IFNULL);
                push(ValType.I32);
            }
            case REF_FUNC -> {
                code.aload(contextSlot);
                code.getfield(CONTEXT, "functions", JvmTypes.FUNCTION_REF.arrayType());
                code.loadConstant(reader.index);
                code.aaload();
                push(ValType.ref(false, HeapType.FUNC));
            }
            case I32_CONST -> {
                code.loadConstant((int) reader.longValue);
                push(ValType.I32);
            }
            case I64_CONST -> {
                code.loadConstant(reader.longValue);
                push(ValType.I64);
            }
            case F32_CONST -> {
                f32Constant((int) reader.longValue);
                push(ValType.F32);
            }
            case F64_CONST -> {
                f64Constant(reader.longValue);
                push(ValType.F64);
            }
            case MEMORY_SIZE -> {
                loadHeapMemory(reader.index);
                if (unit.memoryIs64(reader.index)) {
                    code.invokestatic(HEAP_MEMORY, "size64", MethodTypeDesc.of(CD_long, HEAP_MEMORY));
                } else {
                    code.invokestatic(HEAP_MEMORY, "size", MethodTypeDesc.of(CD_int, HEAP_MEMORY));
                }
                applySignature(op.signature, addressType(reader.index));
            }
            case MEMORY_GROW -> {
                loadHeapMemory(reader.index);
                if (unit.memoryIs64(reader.index)) {
                    code.invokestatic(HEAP_MEMORY, "grow64", MethodTypeDesc.of(CD_long, CD_long, HEAP_MEMORY));
                } else {
                    code.invokestatic(HEAP_MEMORY, "grow", MethodTypeDesc.of(CD_int, CD_int, HEAP_MEMORY));
                }
                reloadMemory();
                applySignature(op.signature, addressType(reader.index));
            }
            default -> {
                if (op.immediate == Opcode.Immediate.MEMARG && op.prefix == 0) {
                    memoryAccess(op);
                } else if (op.signature != null && op.prefix != Opcode.PREFIX_SIMD && op.prefix != Opcode.PREFIX_ATOMIC
                        && NumericEmitter.emit(op, code)) {
                    applySignature(op.signature);
                } else {
                    throw unsupported(op.mnemonic);
                }
            }
        }
    }

    private void brTable() {
        pop();
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
        Frame target = frameAt(depth);
        if (!needsFixup(target)) {
            if (target.kind != LOOP) target.endReachable = true;
            return target.target;
        }
        return trampolines.computeIfAbsent(depth, d -> code.newLabel());
    }

    private void select() {
        pop();
        pop();
        ValType t = pop();
        push(t);
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

    // ---- globals and tables ----

    private void globalGet(int index) {
        GlobalType g = unit.globalType(index);
        ValType t = g.type();
        String suffix = accessorSuffix(t);
        long slot = unit.definedGlobalOffset(index);
        if (slot >= 0 && !t.isRef()) {
            code.aload(contextSlot);
            code.getfield(CONTEXT, "vmctx", SEGMENT);
            code.loadConstant(slot);
            code.invokestatic(GLOBAL, "get" + suffix, MethodTypeDesc.of(JvmTypes.classDesc(t), SEGMENT, CD_long));
        } else {
            loadGlobalObject(index);
            code.invokestatic(GLOBAL, "get" + suffix, MethodTypeDesc.of(JvmTypes.classDesc(t), GLOBAL));
        }
        push(t);
    }

    private void globalSet(int index) {
        GlobalType g = unit.globalType(index);
        ValType t = g.type();
        pop();
        String suffix = accessorSuffix(t);
        long slot = unit.definedGlobalOffset(index);
        if (slot >= 0 && !t.isRef()) {
            code.aload(contextSlot);
            code.getfield(CONTEXT, "vmctx", SEGMENT);
            code.loadConstant(slot);
            code.invokestatic(GLOBAL, "set" + suffix, MethodTypeDesc.of(CD_void, JvmTypes.classDesc(t), SEGMENT, CD_long));
        } else {
            loadGlobalObject(index);
            code.invokestatic(GLOBAL, "set" + suffix, MethodTypeDesc.of(CD_void, JvmTypes.classDesc(t), GLOBAL));
        }
    }

    private void loadGlobalObject(int index) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "globals", GLOBAL.arrayType());
        code.loadConstant(index);
        code.aaload();
    }

    private static String accessorSuffix(ValType t) {
        return switch (t.kind()) {
            case I32 -> "I32";
            case I64 -> "I64";
            case F32 -> "F32";
            case F64 -> "F64";
            case REF -> "Ref";
            default -> throw new NotSupportedException("global of type " + t);
        };
    }

    /** table64 tables use the "...64" helpers, whose indices and sizes are i64. */
    private String tableMethod(String name, int table) {
        return unit.tableIs64(table) ? name + "64" : name;
    }

    private ClassDesc tableIndex(int table) {
        return unit.tableIs64(table) ? CD_long : CD_int;
    }

    private ValType tableIndexType(int table) {
        return unit.tableIs64(table) ? ValType.I64 : ValType.I32;
    }

    private void loadTable(int index) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "tables", TABLE.arrayType());
        code.loadConstant(index);
        code.aaload();
    }

    // ---- memory ----

    /** Memory 0 comes from a field; other memories (multi-memory) from the context's array. */
    private void loadHeapMemory(int memory) {
        code.aload(contextSlot);
        if (memory == 0) {
            code.getfield(CONTEXT, "memory0", HEAP_MEMORY);
        } else {
            code.getfield(CONTEXT, "memories", JvmTypes.desc(LinearMemory.class).arrayType());
            code.loadConstant(memory);
            code.aaload();
            code.checkcast(HEAP_MEMORY);
        }
    }

    /** The bytes of a memory: memory 0's array is cached in a local, others are loaded at each access. */
    private void loadMemoryBytes(int memory) {
        if (memory == 0) {
            code.aload(memorySlot);
        } else {
            loadHeapMemory(memory);
            code.getfield(HEAP_MEMORY, "bytes", BYTES);
        }
    }

    private void memoryAccess(Opcode op) {
        String name = memoryHelperName(op);
        String sig = op.signature;
        boolean store = sig.endsWith(">");
        ClassDesc valueType = JvmTypes.classDesc(typeOfLetter(store ? sig.charAt(1) : sig.charAt(sig.length() - 1)));
        loadMemoryBytes(reader.memory);
        code.loadConstant(reader.offset);
        ClassDesc address = unit.memoryIs64(reader.memory) ? CD_long : CD_int;
        MethodTypeDesc desc = store
                ? MethodTypeDesc.of(CD_void, address, valueType, BYTES, CD_long)
                : MethodTypeDesc.of(valueType, address, BYTES, CD_long);
        code.invokestatic(MEMORY_ACCESS, name, desc);
        applySignature(sig, addressType(reader.memory));
    }

    /** "i32.load16_u" -> "i32Load16U", "i64.store32" -> "i64Store32". */
    private static String memoryHelperName(Opcode op) {
        String m = op.mnemonic;
        StringBuilder sb = new StringBuilder(m.substring(0, 3));
        String rest = m.substring(4);
        boolean upper = true;
        for (char c : rest.toCharArray()) {
            if (c == '_') {
                upper = true;
                continue;
            }
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = false;
        }
        return sb.toString();
    }

    private NotSupportedException unsupported(String what) {
        int at = reader != null ? reader.instructionOffset : body.code().offset();
        return new NotSupportedException(what + " (in function " + functionIndex + ", at byte offset 0x"
                + Integer.toHexString(at) + ")");
    }
}
