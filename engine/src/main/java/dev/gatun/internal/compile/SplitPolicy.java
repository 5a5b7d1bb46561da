package dev.gatun.internal.compile;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types;
import dev.gatun.internal.model.ValType;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which functions of a module are emitted as split segments ({@link SplitFunctionEmitter}), and with what
 * segment budget. Bodies whose Wasm code is large enough that one method could pass 64 KiB are split up
 * front; mid-sized ones (over {@value #PROBE_BODY_BYTES} bytes) are emitted alone into a throw-away class and
 * split if that one method passes HotSpot's 8000-byte JIT limit. After the first build, any function still in
 * one method but over the limit is split on a rebuild (a small function made large by a br_table with
 * thousands of targets), which reuses the measured plans of the functions already split. Functions using v128 are split like any other (their segments carry v128 values in a
 * frame of two longs per position). The system property {@value #BUDGET_PROPERTY} (bytes) splits every
 * splittable function with that budget: tests use a tiny one to run the spec suite through the splitter.
 */
final class SplitPolicy {
    private static final System.Logger LOG = System.getLogger(SplitPolicy.class.getName());
    static final String BUDGET_PROPERTY = "gatun.split.budget";
    /** Wasm body bytes above which a function is split without trying one method (bytecode grows ~2-10x). */
    static final int PRESPLIT_BODY_BYTES = 4000;
    /**
     * Wasm body bytes above which a function not split up front is emitted alone first to see whether one
     * method passes the JIT limit (sqlite3's, rust-compression's and bz2's did from 3123-3836 body bytes).
     */
    static final int PROBE_BODY_BYTES = 2000;
    /** Wasm body bytes up to which a body with a lookup br_table is probed as one method (see shrinksByLookup). */
    static final int PROBE_LOOKUP_BODY_BYTES = 200_000;
    /** Declared locals above which a function is split without trying one method. */
    static final int PRESPLIT_LOCALS = 1500;

    private final BitSet split = new BitSet();
    /** The measured plan of each split function, reused when the module is built again (see addOversized). */
    private final Map<Integer, SplitFunctionEmitter.Plan> plans = new HashMap<>();
    private final int budget;
    private final boolean forced;

    private SplitPolicy(int budget, boolean forced) {
        this.budget = budget;
        this.forced = forced;
    }

    static SplitPolicy initial(CompilationUnit unit) {
        Integer forced = Integer.getInteger(BUDGET_PROPERTY);
        SplitPolicy policy = new SplitPolicy(forced != null ? forced : SplitFunctionEmitter.DEFAULT_BUDGET, forced != null);
        List<FunctionBody> bodies = unit.module.bodies();
        for (int d = 0; d < bodies.size(); d++) {
            FunctionBody body = bodies.get(d);
            long locals = 0;
            for (ModuleModel.Locals l : body.locals()) locals += l.count();
            // zeroing the locals alone takes 2-5 bytes each in one method; a segment touches only the ones it uses
            boolean large = forced != null || locals > PRESPLIT_LOCALS
                    || body.code().length() > PRESPLIT_BODY_BYTES && !shrinksByLookup(body);
            int index = unit.importedFunctionCount + d;
            if (large || (body.code().length() > PROBE_BODY_BYTES && overJitLimit(unit, index, body))) {
                policy.split.set(index);
            }
        }
        return policy;
    }

    /**
     * Whether a large body has a br_table whose case blocks {@link BrTableLookup} leaves out: it is probed as
     * one method rather than split up front (shootout-switch's loop then fits one method).
     */
    private static boolean shrinksByLookup(FunctionBody body) {
        return body.code().length() <= PROBE_LOOKUP_BODY_BYTES && BrTableLookup.occursIn(body.code());
    }

    /**
     * Whether a function emitted as one method passes {@link SplitFunctionEmitter#JIT_LIMIT}: it is emitted
     * alone into a throw-away class without stack maps, far cheaper than finding out from a whole build of the
     * module and building it again ({@link #addOversized}).
     */
    private static boolean overJitLimit(CompilationUnit unit, int index, FunctionBody body) {
        try {
            byte[] probe = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(
                    ClassDesc.of("dev.gatun.internal.compile.SizeProbe"),
                    cb -> cb.withMethodBody(CompilationUnit.functionMethodName(index),
                            JvmTypes.compiledDescriptor(unit.functionType(index)),
                            ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                            code -> new FunctionEmitter(unit, index, body, code).emit()));
            return SplitFunctionEmitter.largestMethod(probe) > SplitFunctionEmitter.JIT_LIMIT;
        } catch (IllegalArgumentException e) {
            return true; // over the class format's 64 KiB: far over the limit
        }
    }

    /**
     * Whether a function has v128 params, results, locals or instructions: its segments' frame then gives each
     * position two {@code long}s (see {@link SplitFunctionEmitter}).
     */
    static boolean usesV128(CompilationUnit unit, int functionIndex, FunctionBody body) {
        Types.FuncType type = unit.functionType(functionIndex);
        if (type.params().contains(ValType.V128) || type.results().contains(ValType.V128)) return true;
        for (ModuleModel.Locals l : body.locals()) if (l.type().equals(ValType.V128)) return true;
        CodeReader reader = new CodeReader(body.code());
        while (reader.hasNext()) {
            if (reader.next().prefix == Opcode.PREFIX_SIMD) return true;
        }
        return false;
    }

    /**
     * A function chosen for splitting could not be cut into segments under the limit. br_tables of any size
     * no longer cause this (a huge one leaves its segment through one constant-size exit); what is left is an
     * operand stack so deep (hundreds of values) that storing or reloading it at one segment boundary alone
     * passes the limit. It stays in one method: correct, but HotSpot will not JIT-compile it if it passes 8000
     * bytes, so say so once (a method over 64 KiB fails as not supported).
     */
    void unsplittable(int functionIndex) {
        if (!forced) {
            LOG.log(System.Logger.Level.WARNING, "function {0} carries an operand stack so deep across a segment"
                    + " boundary that one entry or exit alone exceeds the {1}-byte JIT limit; it stays in one"
                    + " method, which HotSpot may only interpret", functionIndex, SplitFunctionEmitter.JIT_LIMIT);
        }
    }

    boolean shouldSplit(int functionIndex) {
        return split.get(functionIndex);
    }

    int budget() {
        return budget;
    }

    /** Where {@link SplitFunctionEmitter#emit} keeps and finds each function's measured plan. */
    Map<Integer, SplitFunctionEmitter.Plan> plans() {
        return plans;
    }

    /** Marks the functions of {@code classBytes} left in one method over the JIT limit; true if any. */
    boolean addOversized(CompilationUnit unit, byte[] classBytes) {
        boolean added = false;
        for (MethodModel m : ClassFile.of().parse(classBytes).methods()) {
            String name = m.methodName().stringValue();
            if (!name.startsWith("func") || name.indexOf('$') >= 0) continue;
            int index;
            try {
                index = Integer.parseInt(name.substring(4));
            } catch (NumberFormatException e) {
                continue;
            }
            int d = index - unit.importedFunctionCount;
            if (d < 0 || split.get(index)) continue;
            int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            if (length > SplitFunctionEmitter.JIT_LIMIT) {
                split.set(index);
                added = true;
            }
        }
        return added;
    }
}
