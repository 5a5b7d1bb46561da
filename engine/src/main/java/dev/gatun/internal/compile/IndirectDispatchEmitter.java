package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.FUNCTION_REF;
import static dev.gatun.internal.compile.JvmTypes.kind;
import static java.lang.constant.ConstantDescs.CD_int;

import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The call in a {@code call_indirect} / {@code call_ref} bridge, once the bridge holds the callee's
 * {@code FunctionRef} (bounds, null and type checks done). A function of the calling instance itself is called
 * with {@code invokestatic}, which the JIT can inline; everything else goes through the reference's
 * {@code MethodHandle} (which it cannot: a handle read from a field is not a constant).
 * <pre>
 *   if (ref.owner != ctx) goto viaHandle;          // another instance (even of this module), or a host function
 *   switch (ref.functionIndex) {                   // only functions whose canonical type is exactly the call's
 *     case N: return funcN(params, depth, ctx);           // + the drainOwn check if funcN may leave a tail call
 *     ...
 *     default: goto viaHandle;                     // e.g. a function of a declared subtype
 *   }
 *   viaHandle: return ref.target.invokeExact(params);   // + copyExtraResults, drainThrough
 * </pre>
 * When the arms of one type would make a method too big for the JIT ({@link #CHUNK_BUDGET} bytes), they are cut
 * by function index into methods {@code dispatchT_K(params, ref, depth, ctx)} (T = canonical type id), each a switch
 * as above whose default is the handle call; the bridge then picks one with a comparison per chunk:
 * <pre>
 *   if (ref.owner != ctx) goto viaHandle;
 *   if (ref.functionIndex &lt; firstOfChunk1) return dispatchT_0(params, ref, depth, ctx);
 *   ...
 *   return dispatchT_last(params, ref, depth, ctx);
 * </pre>
 * Functions past {@link #MAX_CHUNKS} chunks keep the handle call. Chunk methods are shared by every bridge
 * of the same canonical type (all tables, call_ref). A class that would exceed the JVM's limits (constant
 * pool) is rebuilt without any of this ({@code CompilationUnit.directIndirectCalls}). {@code return_call_indirect}
 * keeps its pending-call path ({@code TailCalls}). A call_indirect on a table whose elements never change
 * ({@link FixedTables}) switches on the element index at the call site itself and reaches the bridge only for
 * the elements that are not known functions of its type ({@code FunctionEmitter.callThroughFixedTable}).
 */
final class IndirectDispatchEmitter {
    /** Bytes of arms and switch entries per method, well under the JIT's 8000-byte limit. */
    static final int CHUNK_BUDGET = 6000;
    /** Bounds the comparisons in a bridge; a type with more functions than this many chunks hold is rare. */
    static final int MAX_CHUNKS = 32;

    private final CompilationUnit unit;
    /** Canonical type id to the chunks of this module's defined functions of exactly that type. */
    private final Map<Integer, List<int[]>> chunksByTypeId = new HashMap<>();
    /** Chunk methods the bridges call, emitted by {@link #emitChunkMethods}. */
    private final Map<String, ChunkMethod> pendingChunks = new LinkedHashMap<>();

    private record ChunkMethod(FuncType type, int[] functions) {}

    IndirectDispatchEmitter(CompilationUnit unit) {
        this.unit = unit;
    }

    /**
     * Emits the call and return for a bridge whose params are in slots from 0, the reference in {@code refSlot},
     * the callee's depth in {@code depthSlot} and the context in {@code contextSlot}; {@code typeId} is the
     * canonical id of the call's type.
     */
    void emitCall(CodeBuilder code, int typeId, FuncType type, int refSlot, int depthSlot, int contextSlot) {
        List<int[]> chunks = chunksOf(typeId, type);
        Label viaHandle = code.newLabel();
        if (!chunks.isEmpty()) {
            code.aload(refSlot);
            code.getfield(FUNCTION_REF, "owner", CONTEXT);
            code.aload(contextSlot);
            code.if_acmpne(viaHandle);
            if (chunks.size() == 1) {
                emitSwitch(code, type, chunks.getFirst(), refSlot, depthSlot, contextSlot, viaHandle);
            } else {
                emitChunkChoice(code, typeId, type, chunks, refSlot, depthSlot, contextSlot);
            }
        }
        code.labelBinding(viaHandle);
        ModuleCompiler.invokeTarget(code, type, refSlot, depthSlot, contextSlot);
    }

    /** Emits the chunk methods requested so far. */
    void emitChunkMethods(ClassBuilder cb) {
        int flags = ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC;
        for (var e : pendingChunks.entrySet()) {
            FuncType type = e.getValue().type();
            int[] functions = e.getValue().functions();
            cb.withMethodBody(e.getKey(), chunkDescriptor(type), flags, code -> {
                int refArgument = paramSlots(type);
                int depthSlot = refArgument + 1;
                int contextSlot = depthSlot + 1;
                // invokeTarget keeps scratch just above the reference slot: give it a local past the arguments
                int refSlot = contextSlot + 1;
                code.aload(refArgument);
                code.astore(refSlot);
                Label viaHandle = code.newLabel();
                emitSwitch(code, type, functions, refSlot, depthSlot, contextSlot, viaHandle);
                code.labelBinding(viaHandle);
                ModuleCompiler.invokeTarget(code, type, refSlot, depthSlot, contextSlot);
            });
        }
        pendingChunks.clear();
    }

    private void emitChunkChoice(CodeBuilder code, int typeId, FuncType type, List<int[]> chunks, int refSlot,
                                 int depthSlot, int contextSlot) {
        for (int k = 0; k < chunks.size(); k++) {
            String name = "dispatch" + typeId + "_" + k;
            pendingChunks.putIfAbsent(name, new ChunkMethod(type, chunks.get(k)));
            Label next = code.newLabel();
            boolean last = k == chunks.size() - 1;
            if (!last) {
                code.aload(refSlot);
                code.getfield(FUNCTION_REF, "functionIndex", CD_int);
                code.loadConstant(chunks.get(k + 1)[0]);
                code.if_icmpge(next);
            }
            loadParams(code, type);
            code.aload(refSlot);
            code.iload(depthSlot);
            code.aload(contextSlot);
            code.invokestatic(unit.owner, name, chunkDescriptor(type));
            returnResult(code, type);
            if (!last) code.labelBinding(next);
        }
    }

    /** {@code switch (ref.functionIndex)} over {@code functions} (ascending), default to {@code otherwise}. */
    private void emitSwitch(CodeBuilder code, FuncType type, int[] functions, int refSlot, int depthSlot,
                            int contextSlot, Label otherwise) {
        List<SwitchCase> cases = new ArrayList<>(functions.length);
        List<Label> arms = new ArrayList<>(functions.length);
        for (int function : functions) {
            Label arm = code.newLabel();
            arms.add(arm);
            cases.add(SwitchCase.of(function, arm));
        }
        code.aload(refSlot);
        code.getfield(FUNCTION_REF, "functionIndex", CD_int);
        int low = functions[0];
        int high = functions[functions.length - 1];
        if ((long) high - low + 1 <= 2L * functions.length) code.tableswitch(low, high, otherwise, cases);
        else code.lookupswitch(otherwise, cases);
        for (int i = 0; i < functions.length; i++) {
            code.labelBinding(arms.get(i));
            loadParams(code, type);
            code.iload(depthSlot);
            code.aload(contextSlot);
            code.invokestatic(unit.owner, CompilationUnit.functionMethodName(functions[i]),
                    JvmTypes.compiledDescriptor(type));
            if (unit.mayLeaveTailCall(functions[i])) TailCallEmitter.drainOwn(code, depthSlot, contextSlot, type);
            returnResult(code, type);
        }
    }

    /** The defined functions of exactly canonical type {@code typeId}, ascending, cut into method-sized chunks. */
    private List<int[]> chunksOf(int typeId, FuncType type) {
        if (!unit.directIndirectCalls) return List.of();
        return chunksByTypeId.computeIfAbsent(typeId, id -> {
            List<Integer> functions = new ArrayList<>();
            for (int f = unit.importedFunctionCount; f < unit.functionCount(); f++) {
                if (unit.validated.canonicalTypeId(unit.validated.functionTypeIndex(f)) == id) functions.add(f);
            }
            return cut(functions, type);
        });
    }

    private List<int[]> cut(List<Integer> functions, FuncType type) {
        // per arm: param loads (at most 2 bytes each here), ctx, invokestatic, return, 8 bytes of switch entry
        int armBytes = 2 * paramSlots(type) + 16;
        int drainBytes = 40;
        List<int[]> chunks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int bytes = 0;
        for (int f : functions) {
            int cost = armBytes + (unit.mayLeaveTailCall(f) ? drainBytes : 0);
            if (bytes + cost > CHUNK_BUDGET) {
                chunks.add(current.stream().mapToInt(Integer::intValue).toArray());
                if (chunks.size() == MAX_CHUNKS) return chunks;
                current.clear();
                bytes = 0;
            }
            current.add(f);
            bytes += cost;
        }
        if (!current.isEmpty()) chunks.add(current.stream().mapToInt(Integer::intValue).toArray());
        return chunks;
    }

    private static MethodTypeDesc chunkDescriptor(FuncType type) {
        MethodTypeDesc compiled = JvmTypes.compiledDescriptor(type);
        return compiled.insertParameterTypes(type.params().size(), FUNCTION_REF);
    }

    private static void loadParams(CodeBuilder code, FuncType type) {
        int slot = 0;
        for (ValType p : type.params()) {
            code.loadLocal(kind(p), slot);
            slot += kind(p).slotSize();
        }
    }

    private static void returnResult(CodeBuilder code, FuncType type) {
        code.return_(type.results().isEmpty() ? TypeKind.VOID : kind(type.results().getFirst()));
    }

    private static int paramSlots(FuncType type) {
        int slots = 0;
        for (ValType p : type.params()) slots += kind(p).slotSize();
        return slots;
    }
}
