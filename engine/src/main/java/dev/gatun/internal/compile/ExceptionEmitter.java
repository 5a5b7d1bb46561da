package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.kind;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.Tag;
import dev.gatun.internal.runtime.ThrownException;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;

/**
 * Exception handling for one function: throw, throw_ref, try_table, and the legacy try / catch /
 * catch_all / rethrow / delegate. A Wasm exception is a {@link ThrownException}; each protected body gets one
 * JVM exception-table entry. The JVM empties the operand stack when entering a handler, so a protected
 * construct first saves the whole Wasm stack to slots of its own; its handler, emitted out of line at the
 * end, reloads the fuel local (see {@link LimitCheckEmitter}; throws store it first; the call depth is a
 * parameter, so nothing to restore), matches tags in clause order, rebuilds the target's stack and jumps. Control frames and reachability stay with the
 * {@link FunctionEmitter}.
 */
final class ExceptionEmitter {
    private static final ClassDesc THROWN = JvmTypes.desc(ThrownException.class);
    private static final ClassDesc TAG = JvmTypes.desc(Tag.class);

    private final FunctionEmitter fn;
    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final int contextSlot;
    /** Handler that rethrows out of the function (delegate to the function's label), or null. */
    private Label escape;
    /**
     * Handlers of tries that ended with delegate (inner delegates may have sent exceptions to them), each
     * with where its own delegate sends them on: emitted as jumps after the body, outside every range.
     */
    private final List<Label[]> forwardedHandlers = new ArrayList<>();

    ExceptionEmitter(FunctionEmitter fn, CompilationUnit unit, CodeBuilder code, TypeStack stack, int contextSlot) {
        this.fn = fn;
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.contextSlot = contextSlot;
    }

    /**
     * After the body, outside every protected range: the forwarding jumps of delegating tries' handlers and
     * the rethrow-to-caller handler of delegates to the function's label. (Unused ones are dead code, which
     * class generation patches out.)
     */
    void emitOutOfLineHandlers() {
        for (Label[] forward : forwardedHandlers) {
            code.labelBinding(forward[0]);
            code.goto_(forward[1]);
        }
        if (escape == null) return;
        code.labelBinding(escape);
        code.athrow();
    }

    void throwRef() {
        stack.pop();
        fn.limits.beforeThrow();
        code.invokestatic(THROWN, "rethrow", MethodTypeDesc.of(THROWN, CD_Object));
        code.athrow();
        fn.markUnreachable();
    }

    /** At the end of a try_table or legacy try: closes the protected range and emits the handler. */
    void endProtected(ControlFrame f, boolean reachable) {
        if (f.kind == ControlFrame.TRY) {
            Label tryEnd = code.newBoundLabel();
            if (reachable) code.goto_(f.end);
            code.exceptionCatch(f.tryStart, tryEnd, f.handler, THROWN);
            code.labelBinding(f.handler);
            fn.reloadMemory(); // a callee may have grown memory 0 before throwing
            emitCatchClauses(f);
        } else {
            if (f.inBody) f.bodyEnd = code.newBoundLabel();
            if (reachable) code.goto_(f.end);
            code.exceptionCatch(f.tryStart, f.bodyEnd, f.handler, THROWN);
            code.labelBinding(f.handler);
            fn.reloadMemory(); // a callee may have grown memory 0 before throwing
            emitLegacyDispatch(f);
        }
    }


    /**
     * try_table: the JVM empties its operand stack when it enters a handler, so the whole Wasm stack is
     * saved to slots of its own first (and reloaded for the body); the handler, emitted out of line at the
     * end, rebuilds each catch target's stack from them.
     */
    void tryTable(CodeReader reader) {
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
        FuncType bt = fn.blockType();
        int height = stack.height();
        int[] saved = new int[height];
        for (int i = height - 1; i >= 0; i--) {
            TypeKind k = kind(stack.get(i));
            saved[i] = fn.dedicatedSlot(k);
            code.storeLocal(k, saved[i]);
        }
        for (int i = 0; i < height; i++) code.loadLocal(kind(stack.get(i)), saved[i]);
        ControlFrame f = new ControlFrame(kind, bt.params(), bt.results(), height - bt.params().size(), true);
        f.end = f.target = code.newLabel();
        f.savedSlots = saved;
        f.savedTypes = new ValType[height];
        for (int i = 0; i < height; i++) f.savedTypes[i] = stack.get(i);
        f.exceptionSlot = fn.dedicatedSlot(TypeKind.REFERENCE);
        f.handler = code.newLabel();
        f.tryStart = code.newBoundLabel();
        code.nop(); // the JVM rejects an empty protected range (a body without instructions)
        fn.pushFrame(f);
        return f;
    }


    void legacyTry() {
        ControlFrame f = openProtected(ControlFrame.LEGACY_TRY);
        f.inBody = true;
        f.clauseTags = new ArrayList<>();
        f.clauseBodies = new ArrayList<>();
    }

    /** catch / catch_all (tag -1): closes the previous part and starts a catch body, entered from the dispatch. */
    void legacyCatch(int tag) {
        ControlFrame f = fn.currentFrame();
        if (f.inBody) {
            f.bodyEnd = code.newBoundLabel();
            f.inBody = false;
        }
        if (fn.isReachable()) {
            code.goto_(f.end);
            f.endReachable = true;
        }
        Label body = code.newLabel();
        code.labelBinding(body);
        f.clauseTags.add(tag);
        f.clauseBodies.add(body);
        fn.setReachable(true);
        stack.truncate(f.height);
        if (tag >= 0) stack.pushAll(unit.tagType(tag).params());
    }

    /** The legacy handler: stores the exception; the first matching clause gets the saved stack and payload. */
    private void emitLegacyDispatch(ControlFrame f) {
        code.astore(f.exceptionSlot);
        fn.limits.atCatchHandler();
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
    void delegate(int depth) {
        ControlFrame f = fn.popFrame();
        f.bodyEnd = code.newBoundLabel();
        Label target = null;
        for (int d = depth; d < fn.frameCount(); d++) {
            ControlFrame outer = fn.frameAt(d);
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
        forwardedHandlers.add(new Label[] {f.handler, target});
        if (fn.isReachable()) f.endReachable = true;
        if (f.endReachable) code.labelBinding(f.end);
        fn.setReachable(f.endReachable);
        stack.truncate(f.height);
        stack.pushAll(f.results);
    }

    private void pushPayload(int exceptionSlot, FuncType tagType) {
        for (int i = 0; i < tagType.params().size(); i++) {
            ValType t = tagType.params().get(i);
            code.aload(exceptionSlot);
            if (JvmTypes.isObject(t)) {
                code.getfield(THROWN, "refs", CD_Object.arrayType());
                code.loadConstant(i);
                code.aaload();
                JvmTypes.castFromObject(code, t);
            } else {
                code.getfield(THROWN, "bits", CD_long.arrayType());
                code.loadConstant(i);
                code.laload();
                fn.fromBits(t);
            }
        }
    }

    /** The handler: the first clause whose tag matches (or catch_all) rebuilds its target's stack and jumps. */
    private void emitCatchClauses(ControlFrame f) {
        code.astore(f.exceptionSlot);
        fn.limits.atCatchHandler();
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
            ControlFrame target = fn.frameAt(f.catchLabels[k]);
            int keep = target.kind == ControlFrame.FUNCTION ? 0 : target.height;
            for (int i = 0; i < keep; i++) code.loadLocal(kind(f.savedTypes[i]), f.savedSlots[i]);
            if (payload != null) pushPayload(f.exceptionSlot, payload);
            if (clause == CodeReader.CATCH_REF || clause == CodeReader.CATCH_ALL_REF) code.aload(f.exceptionSlot);
            if (fn.splitter != null && (target.kind == ControlFrame.FUNCTION || fn.splitter.isExternal(target))) {
                // the handler's stack is exactly the kept values and the carried ones: leave the segment
                fn.splitter.exitFromHandler(target, java.util.Arrays.asList(f.savedTypes).subList(0, keep));
            } else if (target.kind == ControlFrame.FUNCTION) {
                fn.emitReturn();
            } else {
                code.goto_(target.target);
                if (target.kind != ControlFrame.LOOP) target.endReachable = true;
            }
            code.labelBinding(next);
        }
        code.aload(f.exceptionSlot);
        code.athrow();
    }

    void throwException(int tagIndex) {
        FuncType payload = unit.tagType(tagIndex);
        List<ValType> params = payload.params();
        int[] slots = fn.spill(params);
        int refs = (int) params.stream().filter(JvmTypes::isObject).count(); // v128 spills to reference slots too
        int exception = fn.scratch(TypeKind.REFERENCE, refs);
        loadTag(tagIndex);
        code.invokestatic(THROWN, "create", MethodTypeDesc.of(THROWN, TAG));
        code.astore(exception);
        for (int i = 0; i < params.size(); i++) {
            ValType t = params.get(i);
            code.aload(exception);
            if (JvmTypes.isObject(t)) {
                code.getfield(THROWN, "refs", CD_Object.arrayType());
                code.loadConstant(i);
                code.aload(slots[i]);
                code.aastore();
            } else {
                code.getfield(THROWN, "bits", CD_long.arrayType());
                code.loadConstant(i);
                code.loadLocal(kind(t), slots[i]);
                fn.toBits(t);
                code.lastore();
            }
        }
        fn.limits.beforeThrow();
        code.aload(exception);
        code.athrow();
        stack.popN(params.size());
        fn.markUnreachable();
    }

    private void loadTag(int tagIndex) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "tags", TAG.arrayType());
        code.loadConstant(tagIndex);
        code.aaload();
    }
}
