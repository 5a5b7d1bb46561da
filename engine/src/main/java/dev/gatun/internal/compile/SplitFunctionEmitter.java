package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.kind;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits one large Wasm function as several JVM methods so that none exceeds HotSpot's {@code HugeMethodLimit}
 * (8000 bytes of bytecode; larger methods are never JIT-compiled) nor the class format's 64 KiB.
 *
 * <p><b>Generated-code shape.</b> The Wasm body is cut, in order, into <em>segments</em> of at most about
 * {@code budget} estimated bytes, at instruction boundaries outside exception handlers, where
 * {@link SegmentPlanner} placed the cuts before emission (where the fewest loops that would fit one segment
 * are split; a loop of up to {@link SegmentPlanner#LOOP_STRETCH} budgets may get a segment of its own). Segment {@code k} of function {@code N} is
 * {@code static int funcN$sK(int entry, long[] bits, Object[] refs, int depth, InstanceContext ctx)}, where
 * {@code depth} is what its calls pass (the outer method's depth after the entry check).
 * The Wasm locals live, between segments, in a <em>frame</em>: local {@code i} is position {@code i},
 * followed by one position per operand-stack slot. A reference at position {@code p} is {@code refs[p]}; a
 * number is {@code bits[p * stride]} (raw bits). The stride is 1, or 2 when the function may carry a v128
 * (v128 params, results, locals or instructions, or one seen crossing a boundary by the measuring pass):
 * a v128 at position {@code p} is {@code bits[2p]} (low half) and {@code bits[2p + 1]} (high half). A v128
 * local, kept in the body as two longs (see {@link SimdEmitter}), moves to and from the frame as those two
 * longs; a v128 operand-stack value is split with {@code lo()/hi()} on the way out and rebuilt with
 * {@code V128Ops.pack} at an entry point, except at a planned cut: there a virtual v128 entry moves as its two
 * longs and the next segment's first entry loads them into the same long pair, so it stays virtual. The outer method {@code funcN}, which keeps the ordinary
 * signature, owns the frame. A frame without references is kept per instance in {@code ctx.splitFrames[N]}
 * between calls, so that a call allocates nothing ({@link #emitTakeFrame}); a frame with references
 * ({@code refs} non-null) is allocated on every call, so that no guest object stays reachable after it returns:
 * <pre>
 *   funcN(params, depth, ctx): entry (call depth and limit check, LimitCheckEmitter.emitOuterEntry)
 *     bits = ctx.splitFrames[N]                       // no refs: reused
 *     if (bits == null) bits = new long[size]         // first call, re-entrant call, or the last one threw
 *     else { ctx.splitFrames[N] = null; zero the non-param locals live at the start (LocalLiveness) }
 *     [refs: bits = new long[size]; refs = new Object[size]]
 *     frame = params; state = 0
 *     while (state &gt;= 0) state = funcN$sK(state, bits, refs, depth, ctx)   // K = state &gt;&gt;&gt; 16, a tableswitch here
 *     [no refs: ctx.splitFrames[N] = bits]            // an exception drops the frame instead
 *     state == -1: results from the frame (extra results via ctx.extraBits/Refs); return
 *     state == -2: a return_call left ctx.pendingTail; return a placeholder
 * </pre>
 * Reuse relies on an instance running on one thread at a time ({@link dev.gatun.internal.runtime.InstanceContext}).
 * A function of over {@value #GROUP} segments calls them through dispatchers instead: the outer loop's
 * tableswitch picks {@code funcN$dG} for group {@code G = state >>> 23}, which switches over its 128 segments
 * (a dispatcher that large is not inlined, so it costs a second call per crossing: with fewer segments the
 * outer method calls them directly).
 * A segment method starts with {@code goto prologue}; the prologue (emitted last, when the set of locals
 * the segment touches is known) loads from the frame into JVM slots those locals that are live
 * ({@link LocalLiveness}: may be read before written) at some entry point of the segment, assigns zero to
 * the others it touches (the verifier wants them assigned; their frame values would never be read), reloads the memory
 * array and takes the limit state (fuel, poll countdown: {@link LimitCheckEmitter}) from {@code ctx}, then a
 * {@code tableswitch} on {@code entry & 0xFFFF} jumps to one of the segment's <em>entry
 * points</em>, each of which first reloads the whole operand stack from the frame. Entry points are: the
 * segment's start (continuing the previous segment), loop headers that later segments branch back to, and
 * block ends / else arms that earlier segments branch forward to. Every way out stores the whole operand
 * stack to the frame (the values a branch carries at their target's positions; excess values are dropped),
 * pushes an <em>exit code</em> ({@code segment << 16 | entry}, or -1 for return, -2 for tail call) and jumps
 * to one common exit that stores the locals the segment wrote that are live at some target of its exits (a
 * local dead at every target is overwritten before any read wherever the function goes next, so its stale frame
 * value is never seen), and the limit state, and returns the code. Inside a segment,
 * branches to blocks opened in earlier segments jump to a fresh local label for that block's end; if the
 * segment is cut before that end, the label is bound to a stub that exits to the block end's entry point.
 * A br_table with many distinct targets (over {@value #MANY_BR_TABLE_TARGETS}, or over 100 in a table of over
 * {@value #HUGE_BR_TABLE} entries) does not become a tableswitch, whose size and per-target exits grow with the
 * targets, but one exit of constant size ({@link #exitBrTable}):
 * <pre>
 *   index -&gt; scratch; whole operand stack -&gt; frame positions 0..h-1
 *   if (index u&gt;= n) index = n                       // slot n: the default target
 *   [targets at other heights: System.arraycopy(carried values -&gt; positions of table.charAt(3*index + 2))]
 *   return table.charAt(k*index) &lt;&lt; 16 | table.charAt(k*index + 1)   // via the common exit; k = 2 or 3
 * </pre>
 * where {@code table} is a String constant of exit codes (and heights), so the exit is the same size for
 * 5 targets or 5000; each target has an entry point in the segment holding it (a loop header here or earlier,
 * a block end here or later). Entry points with their stack reloads count toward a segment's measured size,
 * so a segment holding thousands of block ends is cut smaller by the measuring pass below.
 * A try_table or legacy try never spans segments (no cut while one is open); a catch clause targeting the function or a loop of an earlier segment
 * leaves through an exit like a branch.
 *
 * <p>Entry codes must be known when an exit is emitted, before the segment holding the target is, so a
 * function is emitted twice: a measuring pass into a throw-away class records every entry point's segment
 * and every segment's real size; if one exceeds {@link #C1_LIMIT} (so that C1 compiles every segment; a
 * segment of a v128 function that is mostly long-half lane arithmetic may reach {@link C1SegmentSize#ARITHMETIC_LIMIT}; after
 * {@link #C1_SHRINKS} tries, {@link #MEASURED_LIMIT}, so that HotSpot compiles it at all) the budget shrinks
 * and the pass repeats. The real pass then reproduces the same cuts (emission is deterministic) with the real codes.
 */
final class SplitFunctionEmitter {
    static final int ENTRY_SLOT = 0;
    static final int BITS_SLOT = 1;
    static final int REFS_SLOT = 2;
    /** The callees' depth: the outer method's depth parameter after its entry check. */
    static final int DEPTH_SLOT = 3;
    static final int CONTEXT_SLOT = 4;
    static final int RETURN = -1;
    static final int TAIL_CALL = -2;
    /** HotSpot's HugeMethodLimit: larger methods run interpreted forever. */
    static final int JIT_LIMIT = 8000;
    /** What a measured segment may reach: margin below {@link #JIT_LIMIT} for the real pass's constants. */
    static final int MEASURED_LIMIT = 7000;
    /**
     * What a measured segment should reach so that C1 compiles it. Larger segments (bz2's of 4879-6747 bytes)
     * make C1 bail out ("out of virtual registers"); HotSpot then leaves them to the interpreter until C2 takes
     * them, seconds later or never for a segment only entered by OSR, and bz2's warm time depended on which of
     * its hot loops C2 happened to reach. Segments over this but within {@link #MEASURED_LIMIT} are accepted
     * only after {@link #C1_SHRINKS} smaller budgets failed to bring them under it. Segments of v128
     * functions are measured by their shape instead ({@link C1SegmentSize}).
     */
    static final int C1_LIMIT = 4000;
    /** Budget reductions aimed at {@link #C1_LIMIT} (from the first measurement on) before settling for {@link #MEASURED_LIMIT}. */
    static final int C1_SHRINKS = 2;
    /**
     * First estimated-size budget of a segment; the measuring pass shrinks it when the estimate was low. The
     * estimate runs ~2.5x above real bytecode (10000 gave bz2 segments of ~4000 bytes); larger segments keep
     * more loops whole (bz2 warm median -25% against 10000).
     */
    static final int DEFAULT_BUDGET = 17000;
    /** Test aid: every br_table with more than one distinct target leaves through {@link #exitBrTable}. */
    static final String BR_TABLE_EXITS_PROPERTY = "gatun.split.brTableExits";
    private static final int GROUP = 128;
    /** br_table lengths above which a tableswitch (~4 KiB) is too large for a segment. */
    private static final int HUGE_BR_TABLE = 1000;
    /** Distinct br_table targets above which it leaves through {@link #exitBrTable}. */
    private static final int MANY_BR_TABLE_TARGETS = 200;
    private static final int MAX_STORES_PER_SEGMENT = 4000;
    private static final int PLACEHOLDER_CODE = 1 << 22;
    private static final MethodTypeDesc SEGMENT =
            MethodTypeDesc.of(CD_int, CD_int, CD_long.arrayType(), CD_Object.arrayType(), CD_int, CONTEXT);
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(CD_void);
    private static final ClassDesc FLOAT = ClassDesc.of("java.lang.Float");
    private static final ClassDesc DOUBLE = ClassDesc.of("java.lang.Double");
    private static final ClassDesc V128_OPS = JvmTypes.desc(dev.gatun.internal.runtime.V128Ops.class);
    private static final MethodTypeDesc PACK = MethodTypeDesc.of(JvmTypes.V128, CD_long, CD_long);
    private static final MethodTypeDesc HALF = MethodTypeDesc.of(CD_long);
    private static final int FLAGS = ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC;
    private static final ClassDesc ARRAYS = ClassDesc.of("java.util.Arrays");
    private static final MethodTypeDesc FILL_RANGE =
            MethodTypeDesc.of(CD_void, CD_long.arrayType(), CD_int, CD_int, CD_long);
    /** Frame entries a reused frame zeroes one by one; more are zeroed by {@code Arrays.fill}. */
    private static final int FILL_AT = 8;

    /** An entry point of the current segment: its label and the full operand-stack types there. */
    /** {@code virtual}: stack positions whose v128 the entry loads into its long pair (see SimdEmitter), not the stack. */
    private record Entry(int id, Label label, List<ValType> types, BitSet virtual) {}

    /** Entry ids of a block's end, an if's else arm, a loop's header (-1 until needed). */
    private static final class FrameEntries {
        int end = -1;
        int otherwise = -1;
        int loop = -1;
    }

    private final CompilationUnit unit;
    private final int functionIndex;
    private final FunctionBody body;
    private final FuncType type;
    /** Exit code of every entry id, from the measuring pass; null while measuring. */
    private final int[] codes;
    /** Every br_table with more than one distinct target leaves through {@link #exitBrTable} (the last resort). */
    private final boolean exitAllBrTables;
    /** Whether loops of up to {@link SegmentPlanner#LOOP_STRETCH} budgets get a segment of their own. */
    private final boolean stretchLoops;

    private FunctionEmitter fn;
    private int localCount;
    /**
     * {@code bits} entries per frame position: 2 when the function uses v128 (a v128 at position {@code p}
     * is {@code bits[2p]} low half, {@code bits[2p+1]} high half; other numbers use {@code bits[2p]}), else 1.
     */
    private final int stride;
    /** Whether a v128 crossed a segment boundary: the frame then needs stride 2. */
    private boolean v128Used;
    private int segment;
    private int segmentCount;
    private int nextEntryId;
    private final List<Integer> entryCodes = new ArrayList<>();
    private final Map<ControlFrame, FrameEntries> frameEntries = new IdentityHashMap<>();
    private final Set<ControlFrame> externalLoops = Collections.newSetFromMap(new IdentityHashMap<>());
    private int positions;
    /** Whether any reference crosses a segment boundary: if none, no {@code refs} array is allocated. */
    private boolean refsUsed;
    private int pendingStart = -1;
    /** Instruction ordinals before which a segment ends ({@link SegmentPlanner}). */
    private final int[] cuts;
    private int nextCut;
    private List<ValType> pendingStartTypes;
    /** The virtual v128 entries of the stack at the last cut: they stay virtual in the next segment. */
    private BitSet pendingStartVirtual = new BitSet();

    // per segment
    private CodeBuilder code;
    private List<Entry> entries;
    private BitSet used;
    private BitSet written;
    /** Which locals are live at entry points and exit targets; null: every local counts as live. */
    private LocalLiveness liveness;
    /** Union of the locals live at this segment's entry points (the prologue loads these), unless {@link #entriesAll}. */
    private BitSet entryLive;
    private boolean entriesAll;
    /** Union of the locals live at this segment's exit targets (the common exit stores these), unless {@link #exitsAll}. */
    private BitSet exitLive;
    private boolean exitsAll;
    private BitSet pendingStartLive;
    private Label commonExit;
    private int storesInSegment;

    private SplitFunctionEmitter(CompilationUnit unit, int functionIndex, FunctionBody body, int budget, int stride,
            int[] codes, boolean exitAllBrTables, boolean stretchLoops) {
        this.exitAllBrTables = exitAllBrTables;
        this.stretchLoops = stretchLoops;
        this.unit = unit;
        this.stride = stride;
        this.cuts = SegmentPlanner.plan(body, budget, stretchLoops);
        this.functionIndex = functionIndex;
        this.body = body;
        this.type = unit.functionType(functionIndex);
        this.codes = codes;
    }

    /**
     * What the measuring passes settled on for one function: the budget, frame stride, br_table mode and loop
     * stretching to cut with, and the exit code of every entry id. Emission is deterministic, so a later build of the same
     * module (a second build for functions found over the JIT limit) reuses it without measuring again.
     */
    record Plan(int budget, int stride, boolean exitAllBrTables, boolean stretchLoops, int[] codes) {}

    /**
     * Emits function {@code index} as segments, the outer method and, over 128 segments, a dispatcher per 128, with the
     * plan {@code plans} holds for it, else with one measured now (and kept there). If even the smallest budget
     * leaves a segment over the limit, it retries with every br_table as an exit; returns false, emitting
     * nothing, when that fails too (one entry or exit alone is too large: an operand stack of hundreds of
     * values carried across): the caller then emits the function as one method.
     */
    static boolean emit(CompilationUnit unit, int index, FunctionBody body, ClassBuilder cb, int initialBudget,
            Map<Integer, Plan> plans) {
        Plan plan = plans.get(index);
        if (plan == null) {
            plan = measure(unit, index, body, initialBudget);
            if (plan == null) return false;
            plans.put(index, plan);
        }
        SplitFunctionEmitter real = new SplitFunctionEmitter(
                unit, index, body, plan.budget(), plan.stride(), plan.codes(), plan.exitAllBrTables(),
                plan.stretchLoops());
        real.emitSegments(cb);
        real.emitDispatchers(cb);
        real.emitOuter(cb);
        return true;
    }

    /**
     * The measuring passes: emits the function into throw-away classes until its largest segment fits
     * {@link #C1_LIMIT} (or, after {@link #C1_SHRINKS} smaller budgets, {@link #MEASURED_LIMIT}); null if no
     * budget fits. Every shrink aims at {@link #C1_LIMIT} from the first measurement on (aiming at
     * {@link #MEASURED_LIMIT} first cost sqlite3's big functions a pass each). The first passes give loops of
     * up to {@link SegmentPlanner#LOOP_STRETCH} budgets a segment of their own; if the C1 size is passed and
     * the plan without that differs, that plan is measured at the same budget before any shrink, and kept
     * from then on (a too-large stretched loop should not shrink every other segment).
     */
    private static Plan measure(CompilationUnit unit, int index, FunctionBody body, int initialBudget) {
        int budget = initialBudget;
        // a v128 may also reach the stack without SIMD instructions (a call result, a global): the measuring
        // pass notices and the function is measured again with the wide frame
        int stride = SplitPolicy.usesV128(unit, index, body) ? 2 : 1;
        boolean exitAllBrTables = Boolean.getBoolean(BR_TABLE_EXITS_PROPERTY);
        int c1Shrinks = 0;
        boolean stretchLoops = true;
        while (true) {
            SplitFunctionEmitter measuring =
                    new SplitFunctionEmitter(unit, index, body, budget, stride, null, exitAllBrTables, stretchLoops);
            int largest;
            double c1Overshoot;
            try {
                // failing on long jumps: the API would otherwise re-run a segment's emission, which is not repeatable
                byte[] scratch = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS,
                                ClassFile.ShortJumpsOption.FAIL_ON_SHORT_JUMPS)
                        .build(ClassDesc.of("dev.gatun.internal.compile.SplitMeasurement"), measuring::emitSegments);
                largest = largestMethod(scratch);
                c1Overshoot = c1Overshoot(scratch, stride == 2);
            } catch (IllegalArgumentException e) {
                largest = Integer.MAX_VALUE / 2; // a branch over 32 KiB: far too large
                c1Overshoot = largest;
            }
            if (measuring.v128Used && stride == 1) {
                stride = 2;
                continue;
            }
            boolean jitCompilable = largest <= MEASURED_LIMIT;
            if (c1Overshoot <= 1 || (jitCompilable && (c1Shrinks == C1_SHRINKS || budget <= 32))) {
                int[] codes = measuring.entryCodes.stream().mapToInt(Integer::intValue).toArray();
                return new Plan(budget, stride, exitAllBrTables, stretchLoops, codes);
            }
            if (stretchLoops) {
                stretchLoops = false;
                if (!Arrays.equals(measuring.cuts, SegmentPlanner.plan(body, budget, false))) continue;
            }
            if (budget <= 32) {
                if (exitAllBrTables) return null;
                // a br_table switch too large even alone in a segment: all br_tables become exits
                exitAllBrTables = true;
                budget = initialBudget;
                c1Shrinks = 0;
                continue;
            }
            double shrink;
            if (c1Shrinks < C1_SHRINKS) {
                c1Shrinks++;
                shrink = 1 / c1Overshoot;
            } else {
                shrink = (double) MEASURED_LIMIT / largest; // C1's size was out of reach: settle for one HotSpot compiles at all
            }
            budget = Math.max(32, (int) (budget * 0.8 * shrink));
        }
    }

    /**
     * How far the class's worst method passes the size C1 compiles: its length over that limit; at most 1 if
     * every method fits. The limit is {@link #C1_LIMIT}, or for the segments of a function carrying v128 values
     * one by their shape ({@link C1SegmentSize}; scalar segments were only ever measured against C1_LIMIT).
     */
    static double c1Overshoot(byte[] classBytes, boolean simd) {
        double worst = 0;
        for (MethodModel m : ClassFile.of().parse(classBytes).methods()) {
            int length = C1SegmentSize.length(m);
            if (length > C1_LIMIT && simd) worst = Math.max(worst, (double) length / C1SegmentSize.limit(m));
            else worst = Math.max(worst, (double) length / C1_LIMIT);
        }
        return worst;
    }

    /** Code length of the largest method in a class file. */
    static int largestMethod(byte[] classBytes) {
        ClassModel model = ClassFile.of().parse(classBytes);
        int largest = 0;
        for (MethodModel m : model.methods()) {
            largest = Math.max(largest, m.findAttribute(java.lang.classfile.Attributes.code())
                    .map(CodeAttribute::codeLength).orElse(0));
        }
        return largest;
    }

    private String segmentName(int k) {
        return CompilationUnit.functionMethodName(functionIndex) + "$s" + k;
    }

    private String dispatcherName(int g) {
        return CompilationUnit.functionMethodName(functionIndex) + "$d" + g;
    }

    private void emitSegments(ClassBuilder cb) {
        fn = new FunctionEmitter(unit, functionIndex, body, null);
        fn.splitter = this;
        fn.beginSplit();
        localCount = fn.localTypes.length;
        for (ValType t : fn.localTypes) refsUsed |= t.isRef();
        liveness = LocalLiveness.analyse(body, localCount, cuts);
        nextEntryId = 1; // entry 0: the start of segment 0
        entryCodes.add(0);
        segment = 0;
        while (!fn.frames.isEmpty()) {
            if (segment >= (1 << 15)) throw new NotSupportedException("function split into more than 32768 segments");
            cb.withMethodBody(segmentName(segment), SEGMENT, FLAGS, this::emitSegment);
            segment++;
        }
        segmentCount = segment;
    }

    private void emitSegment(CodeBuilder segmentCode) {
        code = segmentCode;
        fn.startSegment(segmentCode);
        entries = new ArrayList<>();
        used = new BitSet();
        written = new BitSet();
        entryLive = new BitSet();
        entriesAll = false;
        exitLive = new BitSet();
        exitsAll = false;
        commonExit = code.newLabel();
        storesInSegment = 0;
        Label prologue = code.newLabel();
        code.goto_(prologue);
        Label bodyStart = code.newBoundLabel();
        code.nop(); // the trap handler's range must not be empty when nothing but stubs follows
        fn.limits.startBody();
        if (segment == 0) {
            registerEntry(0, bodyStart, List.of(), liveness == null ? null : liveness.atStart());
        } else {
            if (pendingStart >= 0) {
                registerEntry(pendingStart, bodyStart, pendingStartTypes, pendingStartVirtual, pendingStartLive);
            }
            for (ControlFrame f : fn.frames) {
                if (!f.live || f.kind == ControlFrame.LOOP || f.kind == ControlFrame.FUNCTION) continue;
                // branches in this segment jump here; stubbed at the next cut if the end is not reached
                f.end = f.target = code.newLabel();
                f.endReachable = false;
                if (f.kind == ControlFrame.IF && !f.hasElse) f.elseLabel = code.newLabel();
            }
        }
        while (!fn.frames.isEmpty()) {
            // ">=": a step that fused a comparison with the br_if/if after it may pass a cut planned between them
            if (nextCut < cuts.length && fn.instructionsRead >= cuts[nextCut]) {
                if (!canCut()) throw new IllegalStateException("planned cut inside a try in function " + functionIndex);
                nextCut++;
                cut();
                break;
            }
            fn.step();
        }
        fn.finishSegment(bodyStart);
        code.labelBinding(commonExit);
        for (int i = written.nextSetBit(0); i >= 0; i = written.nextSetBit(i + 1)) {
            if (!exitsAll && !exitLive.get(i)) continue; // dead wherever this segment leaves to
            ValType t = fn.localTypes[i];
            int slot = fn.localSlots[i];
            if (isV128(t)) {
                // the body keeps a v128 local as two longs (see SimdEmitter): they go to the frame as they are
                storeBits(i * stride, () -> code.lload(slot));
                storeBits(i * stride + 1, () -> code.lload(slot + 2));
                continue;
            }
            code.aload(t.isRef() ? REFS_SLOT : BITS_SLOT);
            code.loadConstant(t.isRef() ? i : i * stride);
            code.loadLocal(kind(t), slot);
            if (t.isRef()) {
                code.aastore();
            } else {
                toBits(code, t);
                code.lastore();
            }
        }
        fn.limits.emitSegmentExit();
        code.ireturn();
        code.labelBinding(prologue);
        fn.enterMemory();
        fn.limits.emitSegmentEntry();
        for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
            ValType t = fn.localTypes[i];
            int slot = fn.localSlots[i];
            if (!entriesAll && !entryLive.get(i)) {
                // dead at every entry: written before read here, but the verifier wants the slot assigned
                zeroSlot(t, slot);
                continue;
            }
            if (isV128(t)) {
                loadBits(code, i * stride);
                code.lstore(slot);
                loadBits(code, i * stride + 1);
                code.lstore(slot + 2);
                continue;
            }
            loadFrame(t, i);
            code.storeLocal(kind(t), slot);
        }
        emitEntryDispatch();
    }

    private void zeroSlot(ValType t, int slot) {
        if (isV128(t)) {
            code.lconst_0();
            code.lstore(slot);
            code.lconst_0();
            code.lstore(slot + 2);
            return;
        }
        switch (kind(t)) {
            case INT -> code.iconst_0();
            case LONG -> code.lconst_0();
            case FLOAT -> code.fconst_0();
            case DOUBLE -> code.dconst_0();
            default -> code.aconst_null();
        }
        code.storeLocal(kind(t), slot);
    }

    /** An entry point with locals {@code live} live there (null: all). */
    private void enters(BitSet live) {
        if (live == null) entriesAll = true;
        else entryLive.or(live);
    }

    /** An exit to a target with locals {@code live} live there (null: all). */
    private void leavesTo(BitSet live) {
        if (live == null) exitsAll = true;
        else exitLive.or(live);
    }

    private BitSet liveAfterEnd(ControlFrame f) {
        return liveness == null || f.offset < 0 ? null : liveness.afterEnd(f.offset);
    }

    private BitSet liveAtElse(ControlFrame f) {
        return liveness == null || f.offset < 0 ? null : liveness.elseArm(f.offset);
    }

    private BitSet liveAtHeader(ControlFrame f) {
        return liveness == null || f.offset < 0 ? null : liveness.loopHeader(f.offset);
    }

    private void emitEntryDispatch() {
        if (entries.isEmpty()) {
            // nothing branches into this segment (only dead code after a cut)
            ClassDesc ise = ClassDesc.of("java.lang.IllegalStateException");
            code.new_(ise);
            code.dup();
            code.invokespecial(ise, "<init>", VOID);
            code.athrow();
            return;
        }
        List<Label> stubs = new ArrayList<>();
        List<SwitchCase> cases = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Label stub = code.newLabel();
            stubs.add(stub);
            cases.add(SwitchCase.of(i, stub));
        }
        code.iload(ENTRY_SLOT);
        code.loadConstant(0xFFFF);
        code.iand();
        code.tableswitch(0, entries.size() - 1, stubs.getFirst(), cases);
        for (int i = 0; i < entries.size(); i++) {
            code.labelBinding(stubs.get(i));
            Entry e = entries.get(i);
            for (int p = 0; p < e.types.size(); p++) {
                if (e.virtual.get(p)) loadVirtual(e.types.get(p), p);
                else loadFrame(e.types.get(p), localCount + p);
            }
            code.goto_(e.label);
        }
    }

    private void registerEntry(int id, Label label, List<ValType> types, BitSet live) {
        registerEntry(id, label, types, new BitSet(), live);
    }

    private void registerEntry(int id, Label label, List<ValType> types, BitSet virtual, BitSet live) {
        enters(live);
        entries.add(new Entry(id, label, types, virtual));
        while (entryCodes.size() <= id) entryCodes.add(0);
        entryCodes.set(id, segment << 16 | (entries.size() - 1));
        if (entries.size() > 0xFFFF) throw new NotSupportedException("more than 65535 entry points in one segment");
    }

    private int newEntry() {
        return nextEntryId++;
    }

    private FrameEntries entriesOf(ControlFrame f) {
        return frameEntries.computeIfAbsent(f, k -> new FrameEntries());
    }

    private boolean canCut() {
        for (ControlFrame f : fn.frames) {
            if (f.kind == ControlFrame.TRY || f.kind == ControlFrame.LEGACY_TRY) return false;
        }
        return true;
    }

    /** Ends the current segment here: the stack moves to the next segment; open labels become exits. */
    private void cut() {
        if (fn.isReachable()) {
            pendingStart = newEntry();
            pendingStartLive = liveness == null ? null : liveness.before(fn.nextInstructionOffset());
            leavesTo(pendingStartLive);
            pendingStartTypes = stackTypes(fn.stack.height());
            pendingStartVirtual = new BitSet();
            for (int i = 0; i < fn.stack.height(); i++) if (fn.stack.isVirtual(i)) pendingStartVirtual.set(i);
            for (int i = pendingStartTypes.size() - 1; i >= 0; i--) {
                if (pendingStartVirtual.get(i)) storeVirtual(pendingStartTypes.get(i), i);
                else storeFrame(pendingStartTypes.get(i), i);
            }
            code.loadConstant(codeOf(pendingStart));
            code.goto_(commonExit);
        } else {
            pendingStart = -1;
        }
        for (ControlFrame f : fn.frames) {
            if (!f.live) continue;
            if (f.kind == ControlFrame.LOOP) {
                // a br_table exit (exitBrTable) may have registered the header in this segment already
                if (externalLoops.add(f) && entriesOf(f).loop < 0) {
                    FrameEntries e = entriesOf(f);
                    e.loop = newEntry();
                    registerEntry(e.loop, f.target, withTop(f.height, f.params), liveAtHeader(f));
                }
            } else if (f.kind != ControlFrame.FUNCTION) {
                FrameEntries e = entriesOf(f);
                if (f.endReachable) {
                    if (e.end < 0) e.end = newEntry();
                    code.labelBinding(f.end);
                    leavesTo(liveAfterEnd(f));
                    exitWithStack(withTop(f.height, f.results), e.end);
                }
                if (f.kind == ControlFrame.IF && !f.hasElse && e.otherwise < 0) {
                    e.otherwise = newEntry();
                    code.labelBinding(f.elseLabel);
                    leavesTo(liveAtElse(f));
                    exitWithStack(withTop(f.height, f.params), e.otherwise);
                }
            }
        }
    }

    // ---- hooks called by FunctionEmitter ----

    /** Branches to a loop whose header is in an earlier segment leave through an exit. */
    boolean isExternal(ControlFrame target) {
        return target.kind == ControlFrame.LOOP && externalLoops.contains(target);
    }

    boolean hasEndEntry(ControlFrame f) {
        FrameEntries e = frameEntries.get(f);
        return e != null && e.end >= 0;
    }

    /** A block's end label was just bound: earlier segments may enter here. */
    void boundEnd(ControlFrame f) {
        FrameEntries e = frameEntries.get(f);
        if (e != null && e.end >= 0) registerEntry(e.end, f.end, withTop(f.height, f.results), liveAfterEnd(f));
    }

    /** An if's else label was just bound: an earlier segment may enter here. */
    void boundElse(ControlFrame f) {
        FrameEntries e = frameEntries.get(f);
        if (e != null && e.otherwise >= 0) {
            registerEntry(e.otherwise, f.elseLabel, withTop(f.height, f.params), liveAtElse(f));
        }
    }

    void useLocal(int index, boolean write) {
        used.set(index);
        if (write) written.set(index);
    }

    /** A branch to an external loop: carried values to their positions, excess dropped, then exit. */
    void exitTo(ControlFrame target) {
        int height = fn.stack.height();
        List<ValType> carried = target.labelTypes();
        int n = carried.size();
        for (int i = height - 1; i >= height - n; i--) storeFrame(fn.stack.get(i), target.height + i - (height - n));
        for (int i = height - n - 1; i >= target.height; i--) pop(fn.stack.get(i));
        for (int i = target.height - 1; i >= 0; i--) storeFrame(fn.stack.get(i), i);
        leavesTo(liveAtHeader(target));
        code.loadConstant(codeOf(entriesOf(target).loop));
        code.goto_(commonExit);
    }

    /**
     * Whether a br_table leaves the segment through {@link #exitBrTable} rather than a tableswitch: when it
     * has so many distinct targets that the switch and its per-target exits could pass a segment's limit,
     * or when {@link #exitAllBrTables} (the retry after a segment could not be made small enough).
     */
    boolean exitsBrTable(int[] depths, int defaultDepth) {
        BitSet distinct = new BitSet();
        distinct.set(defaultDepth);
        for (int d : depths) distinct.set(d);
        int targets = distinct.cardinality();
        if (exitAllBrTables) return targets > 1;
        // up to ~125 distinct targets a long table is a compact String lookup (FunctionEmitter)
        return targets > MANY_BR_TABLE_TARGETS || (depths.length > HUGE_BR_TABLE && targets > 100);
    }

    /**
     * A br_table as one exit of constant size, however many targets: the whole operand stack goes to the
     * frame; if the targets' heights differ the carried values are moved to the chosen target's positions
     * ({@code System.arraycopy}); the exit code is looked up from a String constant holding, per table slot
     * (the default last, for out-of-range indices), the target's exit code as two chars and, when heights
     * differ, its height as a third char. Every target gets an entry point in whatever segment holds it: a
     * loop header here or earlier, a block end here or later (registered when its end is bound).
     */
    void exitBrTable(int[] depths, int defaultDepth) {
        int index = fn.scratch(TypeKind.INT, 1); // storeFrame uses scratch 0 of each kind
        code.istore(index);
        int height = fn.stack.height();
        List<ValType> carried = fn.frameAt(defaultDepth).labelTypes();
        int arity = carried.size();
        int slots = depths.length + 1;
        int[] exitCodes = new int[slots];
        int[] heights = new int[slots];
        boolean sameHeight = true;
        for (int i = 0; i < slots; i++) {
            ControlFrame target = fn.frameAt(i < depths.length ? depths[i] : defaultDepth);
            exitCodes[i] = target.kind == ControlFrame.FUNCTION ? RETURN : codeOf(brTableEntry(target));
            if (target.kind == ControlFrame.LOOP) leavesTo(liveAtHeader(target));
            else if (target.kind != ControlFrame.FUNCTION) leavesTo(liveAfterEnd(target));
            heights[i] = target.kind == ControlFrame.FUNCTION ? 0 : target.height;
            sameHeight &= heights[i] == height - arity;
        }
        for (int i = height - 1; i >= 0; i--) storeFrame(fn.stack.get(i), i);
        int perSlot = sameHeight ? 2 : 3;
        StringBuilder table = new StringBuilder(slots * perSlot);
        for (int i = 0; i < slots; i++) {
            table.append((char) (exitCodes[i] >>> 16)).append((char) exitCodes[i]);
            if (!sameHeight) table.append((char) heights[i]);
        }
        String constant = table.toString();
        if (modifiedUtf8Length(constant) > 65535) {
            throw new NotSupportedException("br_table with " + depths.length + " targets in function "
                    + functionIndex + ": its exit-code table passes the class file's 64 KiB constant limit");
        }
        Label inRange = code.newLabel();
        code.iload(index);
        code.loadConstant(depths.length);
        code.invokestatic(ClassDesc.of("java.lang.Integer"), "compareUnsigned", MethodTypeDesc.of(CD_int, CD_int, CD_int));
        code.iflt(inRange);
        code.loadConstant(depths.length);
        code.istore(index);
        code.labelBinding(inRange);
        code.iload(index);
        code.loadConstant(perSlot);
        code.imul();
        code.istore(index); // now the slot's first char
        if (!sameHeight && arity > 0) {
            boolean anyRef = false;
            boolean anyNumber = false;
            for (ValType t : carried) {
                if (t.isRef()) anyRef = true;
                else anyNumber = true;
            }
            if (anyNumber) copyCarried(BITS_SLOT, height - arity, arity, stride, constant, index);
            if (anyRef) copyCarried(REFS_SLOT, height - arity, arity, 1, constant, index);
        }
        tableChar(constant, index, 0);
        code.loadConstant(16);
        code.ishl();
        tableChar(constant, index, 1);
        code.ior();
        code.goto_(commonExit);
    }

    /** {@code System.arraycopy(array, from, array, to, count)} with {@code to} the looked-up target height. */
    private void copyCarried(int arraySlot, int fromPosition, int arity, int width, String constant, int index) {
        code.aload(arraySlot);
        code.loadConstant((localCount + fromPosition) * width);
        code.aload(arraySlot);
        tableChar(constant, index, 2);
        code.loadConstant(localCount);
        code.iadd();
        if (width != 1) {
            code.loadConstant(width);
            code.imul();
        }
        code.loadConstant(arity * width);
        code.invokestatic(ClassDesc.of("java.lang.System"), "arraycopy",
                MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_Object, CD_int, CD_int));
    }

    /** Pushes {@code constant.charAt(slotStart + offset)}. */
    private void tableChar(String constant, int slotStart, int offset) {
        code.ldc(code.constantPool().stringEntry(constant));
        code.iload(slotStart);
        if (offset != 0) {
            code.loadConstant(offset);
            code.iadd();
        }
        code.invokevirtual(ClassDesc.of("java.lang.String"), "charAt",
                MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_char, CD_int));
    }

    private static int modifiedUtf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        return length;
    }

    /**
     * The entry id a br_table exit enters {@code target} by: a loop's header (registered in this segment if
     * the loop is not yet external), a block's end or an if's end (registered where the end is bound).
     */
    private int brTableEntry(ControlFrame target) {
        FrameEntries e = entriesOf(target);
        if (target.kind == ControlFrame.LOOP) {
            if (e.loop < 0) {
                e.loop = newEntry();
                registerEntry(e.loop, target.target, withTop(target.height, target.params), liveAtHeader(target));
            }
            return e.loop;
        }
        if (e.end < 0) e.end = newEntry();
        return e.end;
    }

    void exitReturn() {
        int height = fn.stack.height();
        int n = type.results().size();
        for (int i = height - 1; i >= height - n; i--) storeFrame(fn.stack.get(i), i - (height - n));
        for (int i = height - n - 1; i >= 0; i--) pop(fn.stack.get(i));
        code.loadConstant(RETURN);
        code.goto_(commonExit);
    }

    /**
     * A catch clause of a try_table branching to the function or to a loop of an earlier segment: the JVM
     * stack holds exactly the values kept below the target and the values it carries.
     */
    void exitFromHandler(ControlFrame target, List<ValType> kept) {
        List<ValType> types = new ArrayList<>(kept);
        types.addAll(target.labelTypes());
        for (int i = types.size() - 1; i >= 0; i--) storeFrame(types.get(i), i);
        if (target.kind != ControlFrame.FUNCTION) leavesTo(liveAtHeader(target));
        code.loadConstant(target.kind == ControlFrame.FUNCTION ? RETURN : codeOf(entriesOf(target).loop));
        code.goto_(commonExit);
    }

    void exitTailCall() {
        for (int i = fn.stack.height() - 1; i >= 0; i--) pop(fn.stack.get(i));
        code.loadConstant(TAIL_CALL);
        code.goto_(commonExit);
    }

    // ---- frame access ----

    private int codeOf(int entryId) {
        return codes == null ? PLACEHOLDER_CODE : codes[entryId];
    }

    private void exitWithStack(List<ValType> types, int entryId) {
        for (int i = types.size() - 1; i >= 0; i--) storeFrame(types.get(i), i);
        code.loadConstant(codeOf(entryId));
        code.goto_(commonExit);
    }

    private List<ValType> stackTypes(int height) {
        List<ValType> types = new ArrayList<>(height);
        for (int i = 0; i < height; i++) types.add(fn.stack.get(i));
        return types;
    }

    private List<ValType> withTop(int height, List<ValType> top) {
        List<ValType> types = stackTypes(height);
        types.addAll(top);
        return types;
    }

    private void pop(ValType t) {
        if (kind(t).slotSize() == 2) code.pop2();
        else code.pop();
    }

    /** Stores the value on top of the stack at operand-stack position {@code position} of the frame. */
    private void storeFrame(ValType t, int position) {
        int index = localCount + position;
        positions = Math.max(positions, position + 1);
        // each store is ~12 bytes: far past this no segment can be valid (hostile deep stacks x many labels)
        if (++storesInSegment > MAX_STORES_PER_SEGMENT) {
            throw new NotSupportedException("splitting function " + functionIndex + ": more than "
                    + MAX_STORES_PER_SEGMENT + " operand-stack values cross the boundaries of one segment");
        }
        TypeKind k = kind(t);
        refsUsed |= t.isRef();
        int temp = fn.scratch(k, 0);
        code.storeLocal(k, temp);
        if (isV128(t)) {
            storeBits(index * stride, () -> {
                code.aload(temp);
                code.invokevirtual(JvmTypes.V128, "lo", HALF);
            });
            storeBits(index * stride + 1, () -> {
                code.aload(temp);
                code.invokevirtual(JvmTypes.V128, "hi", HALF);
            });
            return;
        }
        code.aload(t.isRef() ? REFS_SLOT : BITS_SLOT);
        code.loadConstant(t.isRef() ? index : index * stride);
        code.loadLocal(k, temp);
        if (t.isRef()) {
            code.aastore();
        } else {
            toBits(code, t);
            code.lastore();
        }
    }

    /** Stores the halves of the virtual v128 at stack position {@code position} (nothing on the JVM stack). */
    private void storeVirtual(ValType t, int position) {
        isV128(t); // marks the frame as holding v128
        int index = localCount + position;
        positions = Math.max(positions, position + 1);
        if (++storesInSegment > MAX_STORES_PER_SEGMENT) {
            throw new NotSupportedException("splitting function " + functionIndex + ": more than "
                    + MAX_STORES_PER_SEGMENT + " operand-stack values cross the boundaries of one segment");
        }
        int pair = fn.v128Pair(position);
        storeBits(index * stride, () -> code.lload(pair));
        storeBits(index * stride + 1, () -> code.lload(pair + 2));
    }

    /** Loads the frame's halves of stack position {@code position} into its virtual v128 pair. */
    private void loadVirtual(ValType t, int position) {
        isV128(t);
        int index = localCount + position;
        int pair = fn.v128Pair(position);
        loadBits(code, index * stride);
        code.lstore(pair);
        loadBits(code, index * stride + 1);
        code.lstore(pair + 2);
    }

    /** {@code bits[bitsIndex] = <long pushed by value>}. */
    private void storeBits(int bitsIndex, Runnable value) {
        code.aload(BITS_SLOT);
        code.loadConstant(bitsIndex);
        value.run();
        code.lastore();
    }

    private static void loadBits(CodeBuilder code, int bitsIndex) {
        code.aload(BITS_SLOT);
        code.loadConstant(bitsIndex);
        code.laload();
    }

    /** Pushes the value of type {@code t} at frame index {@code index} (a local, or localCount + stack position). */
    private void loadFrame(ValType t, int index) {
        kind(t); // rejects value types the frame cannot hold
        if (isV128(t)) {
            loadBits(code, index * stride);
            loadBits(code, index * stride + 1);
            code.invokestatic(V128_OPS, "pack", PACK);
            return;
        }
        code.aload(t.isRef() ? REFS_SLOT : BITS_SLOT);
        code.loadConstant(t.isRef() ? index : index * stride);
        if (t.isRef()) {
            code.aaload();
        } else {
            code.laload();
            fromBits(code, t);
        }
    }

    private boolean isV128(ValType t) {
        if (t.kind() != ValType.Kind.V128) return false;
        v128Used = true;
        if (stride == 1 && codes != null) throw new IllegalStateException("v128 in a narrow frame: " + functionIndex);
        return true;
    }

    private static void toBits(CodeBuilder code, ValType t) {
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

    private static void fromBits(CodeBuilder code, ValType t) {
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

    // ---- dispatchers and the outer method ----

    /**
     * Whether the outer method calls the segments itself (a tableswitch over at most {@value #GROUP}
     * segments) rather than through dispatcher methods: a dispatcher of 128 cases is too large for HotSpot to
     * inline, so it would cost a second call on every crossing.
     */
    private boolean dispatchesDirectly() {
        return segmentCount <= GROUP;
    }

    private void emitDispatchers(ClassBuilder cb) {
        if (dispatchesDirectly()) return;
        for (int g = 0; g * GROUP < segmentCount; g++) {
            int first = g * GROUP;
            int count = Math.min(GROUP, segmentCount - first);
            cb.withMethodBody(dispatcherName(g), SEGMENT, FLAGS, c -> {
                List<Label> targets = new ArrayList<>();
                List<SwitchCase> cases = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    Label l = c.newLabel();
                    targets.add(l);
                    cases.add(SwitchCase.of(k, l));
                }
                c.iload(ENTRY_SLOT);
                c.loadConstant(16);
                c.iushr();
                c.loadConstant(GROUP - 1);
                c.iand();
                c.tableswitch(0, count - 1, targets.getFirst(), cases);
                for (int k = 0; k < count; k++) {
                    c.labelBinding(targets.get(k));
                    c.iload(ENTRY_SLOT);
                    c.aload(BITS_SLOT);
                    c.aload(REFS_SLOT);
                    c.iload(DEPTH_SLOT);
                    c.aload(CONTEXT_SLOT);
                    c.invokestatic(unit.owner, segmentName(first + k), SEGMENT);
                    c.ireturn();
                }
            });
        }
    }

    /** Pushes a result from the frame: a reference, a rebuilt v128, or a number's raw bits. */
    private void pushResult(CodeBuilder c, ValType t, int index, int bits, int refs) {
        if (t.isRef()) {
            c.aload(refs);
            c.loadConstant(index);
            c.aaload();
        } else if (isV128(t)) {
            for (int half = 0; half < 2; half++) {
                c.aload(bits);
                c.loadConstant(index * stride + half);
                c.laload();
            }
            c.invokestatic(V128_OPS, "pack", PACK);
        } else {
            c.aload(bits);
            c.loadConstant(index * stride);
            c.laload();
        }
    }

    private void emitOuter(ClassBuilder cb) {
        cb.withMethodBody(CompilationUnit.functionMethodName(functionIndex), JvmTypes.compiledDescriptor(type), FLAGS,
                c -> {
                    List<ValType> params = type.params();
                    int[] paramSlots = new int[params.size()];
                    int slot = 0;
                    for (int i = 0; i < params.size(); i++) {
                        paramSlots[i] = slot;
                        slot += kind(params.get(i)).slotSize();
                    }
                    int depth = slot++;
                    int ctx = slot++;
                    int bits = slot++;
                    int refs = slot++;
                    int state = slot;
                    LimitCheckEmitter.emitOuterEntry(unit, c, depth, ctx, body.code().array(), body.code().offset(),
                            body.code().end());
                    int size = localCount + positions;
                    if (reusesFrame()) {
                        emitTakeFrame(c, ctx, bits, size);
                    } else {
                        c.loadConstant(size * stride);
                        c.newarray(TypeKind.LONG);
                        c.astore(bits);
                    }
                    if (refsUsed) {
                        c.loadConstant(size);
                        c.anewarray(CD_Object);
                    } else {
                        c.aconst_null();
                    }
                    c.astore(refs);
                    for (int i = 0; i < params.size(); i++) {
                        ValType t = params.get(i);
                        if (isV128(t)) {
                            for (int half = 0; half < 2; half++) {
                                c.aload(bits);
                                c.loadConstant(i * stride + half);
                                c.aload(paramSlots[i]);
                                c.invokevirtual(JvmTypes.V128, half == 0 ? "lo" : "hi", HALF);
                                c.lastore();
                            }
                            continue;
                        }
                        c.aload(t.isRef() ? refs : bits);
                        c.loadConstant(t.isRef() ? i : i * stride);
                        c.loadLocal(kind(t), paramSlots[i]);
                        if (t.isRef()) {
                            c.aastore();
                        } else {
                            toBits(c, t);
                            c.lastore();
                        }
                    }
                    c.iconst_0();
                    c.istore(state);
                    Label loop = c.newBoundLabel();
                    Label done = c.newLabel();
                    c.iload(state);
                    c.iflt(done);
                    if (dispatchesDirectly()) {
                        emitDirectDispatch(c, state, bits, refs, depth, ctx, loop);
                    } else {
                        emitGroupDispatch(c, state, bits, refs, depth, ctx, loop);
                    }
                    c.labelBinding(done);
                    if (reusesFrame()) {
                        // back for the next call; the results are read from it before any guest code runs again
                        c.aload(ctx);
                        c.getfield(CONTEXT, "splitFrames", CD_long.arrayType().arrayType());
                        c.loadConstant(functionIndex);
                        c.aload(bits);
                        c.aastore();
                    }
                    emitOuterResults(c, ctx, bits, refs, state);
                });
    }

    /**
     * Whether the outer method reuses the frame kept in {@code ctx.splitFrames} rather than allocating one per
     * call: only for frames without references (a kept {@code refs} array would keep guest objects alive).
     */
    private boolean reusesFrame() {
        return !refsUsed;
    }

    /**
     * {@code bits = ctx.splitFrames[N]}: if null (first call, or a re-entrant one while the outer call holds
     * it, or an earlier call ended by an exception), a new zeroed array; else the slot is emptied and the
     * non-parameter locals live at the function's start (read before written: they must read as zero) are
     * zeroed. Other positions keep the last call's values, which are never read: every other local and
     * operand-stack position is written before it is loaded (LocalLiveness), as in a fresh frame.
     */
    private void emitTakeFrame(CodeBuilder c, int ctx, int bits, int size) {
        Label fresh = c.newLabel();
        Label ready = c.newLabel();
        c.aload(ctx);
        c.getfield(CONTEXT, "splitFrames", CD_long.arrayType().arrayType());
        c.loadConstant(functionIndex);
        c.aaload();
        c.dup();
        c.astore(bits);
        c.ifnull(fresh);
        c.aload(ctx);
        c.getfield(CONTEXT, "splitFrames", CD_long.arrayType().arrayType());
        c.loadConstant(functionIndex);
        c.aconst_null();
        c.aastore();
        int params = type.params().size();
        BitSet reset = localsToReset(params);
        if (reset.cardinality() * stride > FILL_AT) {
            c.aload(bits);
            c.loadConstant(params * stride);
            c.loadConstant(localCount * stride);
            c.lconst_0();
            c.invokestatic(ARRAYS, "fill", FILL_RANGE);
        } else {
            for (int local = reset.nextSetBit(0); local >= 0; local = reset.nextSetBit(local + 1)) {
                for (int half = 0; half < stride; half++) {
                    c.aload(bits);
                    c.loadConstant(local * stride + half);
                    c.lconst_0();
                    c.lastore();
                }
            }
        }
        c.goto_(ready);
        c.labelBinding(fresh);
        c.loadConstant(size * stride);
        c.newarray(TypeKind.LONG);
        c.astore(bits);
        c.labelBinding(ready);
    }

    /** The non-parameter locals a reused frame must zero: those live at the start, all when not analysed. */
    private BitSet localsToReset(int params) {
        BitSet reset = new BitSet();
        if (liveness == null) {
            reset.set(params, localCount);
        } else {
            reset.or(liveness.atStart());
            reset.clear(0, params);
            reset.clear(localCount, Math.max(localCount, reset.length()));
        }
        return reset;
    }

    /** {@code state = funcN$sK(state, ...)} for K = {@code state >>> 16}, then back to the loop. */
    private void emitDirectDispatch(CodeBuilder c, int state, int bits, int refs, int depth, int ctx, Label loop) {
        List<Label> targets = new ArrayList<>();
        List<SwitchCase> cases = new ArrayList<>();
        for (int k = 0; k < segmentCount; k++) {
            Label l = c.newLabel();
            targets.add(l);
            cases.add(SwitchCase.of(k, l));
        }
        c.iload(state);
        c.loadConstant(16);
        c.iushr();
        c.tableswitch(0, segmentCount - 1, targets.getFirst(), cases);
        for (int k = 0; k < segmentCount; k++) {
            c.labelBinding(targets.get(k));
            c.iload(state);
            c.aload(bits);
            c.aload(refs);
            c.iload(depth);
            c.aload(ctx);
            c.invokestatic(unit.owner, segmentName(k), SEGMENT);
            c.istore(state);
            c.goto_(loop);
        }
    }

    /** {@code state = funcN$dG(state, ...)} for the group G of 128 segments holding {@code state >>> 16}. */
    private void emitGroupDispatch(CodeBuilder c, int state, int bits, int refs, int depth, int ctx, Label loop) {
        int groups = (segmentCount + GROUP - 1) / GROUP;
        List<Label> targets = new ArrayList<>();
        List<SwitchCase> cases = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            Label l = c.newLabel();
            targets.add(l);
            cases.add(SwitchCase.of(g, l));
        }
        c.iload(state);
        c.loadConstant(16 + Integer.numberOfTrailingZeros(GROUP));
        c.iushr();
        c.tableswitch(0, groups - 1, targets.getFirst(), cases);
        for (int g = 0; g < groups; g++) {
            c.labelBinding(targets.get(g));
            c.iload(state);
            c.aload(bits);
            c.aload(refs);
            c.iload(depth);
            c.aload(ctx);
            c.invokestatic(unit.owner, dispatcherName(g), SEGMENT);
            c.istore(state);
            c.goto_(loop);
        }
    }

    /** After the loop: the results from the frame ({@code state == -1}), or a tail call's placeholder. */
    private void emitOuterResults(CodeBuilder c, int ctx, int bits, int refs, int state) {
        List<ValType> results = type.results();
        Label tail = c.newLabel();
        c.iload(state);
        c.loadConstant(RETURN);
        c.if_icmpne(tail);
        for (int i = results.size() - 1; i >= 1; i--) {
            ValType t = results.get(i);
            boolean object = JvmTypes.isObject(t);
            c.aload(ctx);
            c.getfield(CONTEXT, object ? "extraRefs" : "extraBits",
                    object ? CD_Object.arrayType() : CD_long.arrayType());
            c.loadConstant(i - 1);
            pushResult(c, t, localCount + i, bits, refs);
            if (object) c.aastore();
            else c.lastore();
        }
        if (results.isEmpty()) {
            c.return_();
        } else {
            ValType t = results.getFirst();
            pushResult(c, t, localCount, bits, refs);
            if (!t.isRef() && !isV128(t)) fromBits(c, t);
            c.return_(kind(t));
        }
        c.labelBinding(tail);
        if (results.isEmpty()) {
            c.return_();
        } else {
            switch (kind(results.getFirst())) {
                case INT -> c.iconst_0();
                case LONG -> c.lconst_0();
                case FLOAT -> c.fconst_0();
                case DOUBLE -> c.dconst_0();
                default -> c.aconst_null();
            }
            c.return_(kind(results.getFirst()));
        }
    }
}
