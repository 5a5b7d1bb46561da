package dev.gatun.internal.runtime;

import dev.gatun.CallStackExhaustedTrap;
import dev.gatun.InterruptedTrap;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The per-instance state compiled code reaches: every generated method takes it as its last parameter. It
 * holds the off-heap {@link #vmctx} block (layout: {@link VmContextLayout}) and the Java objects the block
 * refers to by handle. Fields are public and plain because generated code reads them directly; they are
 * assigned once during instantiation.
 *
 * <p>An instance runs on one thread at a time (threads share memories, never instances); the call-depth
 * counter is therefore a plain field, a hot value cached from the vmctx's limit.
 */
public final class InstanceContext {
    private static final VarHandle INT_IN_SEGMENT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle INTERRUPT_MIRROR;

    static {
        try {
            INTERRUPT_MIRROR = java.lang.invoke.MethodHandles.lookup()
                    .findVarHandle(InstanceContext.class, "interruptMirror", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A copy of the vmctx interrupt flag that compiled code polls: an opaque read of a field costs a plain
     * load, where the segment read also pays the arena's liveness and bounds checks at every loop header
     * (measured: LimitChecksBenchmark). {@link #interrupt} and {@link #clearInterrupt} write both.
     */
    @SuppressWarnings("unused") // through INTERRUPT_MIRROR
    private int interruptMirror;

    public final MemorySegment vmctx;
    public final VmContextLayout layout;
    /** Memory 0 when it lives on the heap (the compiled fast path), else null. */
    public HeapMemory memory0;
    public LinearMemory[] memories;
    public Table[] tables;
    /** All globals of the index space (imported first). */
    public WasmGlobal[] globals;
    /** All functions of the index space (imported first), bound to their instances. */
    public FunctionRef[] functions;
    /** All exception tags of the index space (imported first). */
    public Tag[] tags;
    /** Results 2..n of the last multi-value call (numbers as raw bits, references apart). */
    public final long[] extraBits;
    public final Object[] extraRefs;

    /** Passive data and element segments by index; active and declarative ones (and dropped) are empty. */
    public byte[][] dataSegments;
    public Object[][] elementSegments;

    /** A tail call left by the function that just returned (see {@link TailCalls}), or null. */
    public FunctionRef pendingTail;
    /** Its arguments (numbers as raw bits, references apart). */
    public final long[] tailBits;
    public final Object[] tailRefs;

    public int callDepth;
    /** Countdown charged by {@link #checkLimits}; see {@link ExecutionLimits}. */
    public long budget = ExecutionLimits.POLL_INTERVAL;
    /** Deadline, fuel and thread-interrupt state of this instance. */
    public final ExecutionLimits limits = new ExecutionLimits();
    /** Asked before the instance's own memories and tables are allocated or grown; null when unlimited. */
    public ResourceLimiter resourceLimiter;
    public final int maxCallDepth;
    private final long interruptOffset;

    public InstanceContext(MemorySegment vmctx, VmContextLayout layout, int maxExtraResults, int maxParams,
                           int maxCallDepth) {
        this.tailBits = new long[maxParams];
        this.tailRefs = new Object[maxParams];
        this.vmctx = vmctx;
        this.layout = layout;
        this.extraBits = new long[maxExtraResults];
        this.extraRefs = new Object[maxExtraResults];
        this.maxCallDepth = maxCallDepth;
        this.interruptOffset = layout.offset(VmContextLayout.Field.INTERRUPT);
        vmctx.set(ValueLayout.JAVA_INT, layout.offset(VmContextLayout.Field.CALL_DEPTH_LIMIT), maxCallDepth);
    }

    private static final byte[] NO_BYTES = new byte[0];
    private static final Object[] NO_REFS = new Object[0];

    /** data.drop for compiled code. */
    public static void dropData(InstanceContext ctx, int segment) {
        ctx.dataSegments[segment] = NO_BYTES;
    }

    /** elem.drop for compiled code. */
    public static void dropElements(InstanceContext ctx, int segment) {
        ctx.elementSegments[segment] = NO_REFS;
    }

    /** Called on entry of every compiled function: the deterministic stack limit. */
    public void enterCall() {
        if (++callDepth > maxCallDepth) {
            callDepth--;
            throw new CallStackExhaustedTrap();
        }
    }

    /** Called before every normal return of a compiled function (traps reset the count at the boundary). */
    public void exitCall() {
        callDepth--;
    }

    /** Polled by long waits (memory.atomic.wait) and bulk operations: another thread may interrupt at any time. */
    public void pollInterrupt() {
        if ((int) INTERRUPT_MIRROR.getOpaque(this) != 0) throw new InterruptedTrap();
    }

    /**
     * Called by compiled code at function entries and loop headers ({@code cost}: the instructions of the
     * straight-line code that follows): an opaque (never hoisted) load of the interrupt flag, and a
     * countdown whose expiry looks at the deadline, the thread's interrupt status and the fuel.
     */
    public void checkLimits(int cost) {
        if ((int) INTERRUPT_MIRROR.getOpaque(this) != 0) throw new InterruptedTrap();
        if ((budget -= cost) < 0) limits.refill(this);
    }

    /** Whether {@link #interrupt} was called and not cleared. */
    public boolean interruptRequested() {
        return (int) INTERRUPT_MIRROR.getOpaque(this) != 0;
    }

    /** For long bulk operations between chunks: the flag, deadline and thread, no fuel. */
    public void checkInterruptedInBulk() {
        pollInterrupt();
        limits.checkClockAndThread();
    }

    /** Asks running code to stop at its next loop header with an {@link InterruptedTrap}; any thread. */
    public void interrupt() {
        INT_IN_SEGMENT.setOpaque(vmctx, interruptOffset, 1);
        INTERRUPT_MIRROR.setOpaque(this, 1);
    }

    /** Clears the interrupt flag so the instance can run again. */
    public void clearInterrupt() {
        INT_IN_SEGMENT.setOpaque(vmctx, interruptOffset, 0);
        INTERRUPT_MIRROR.setOpaque(this, 0);
    }
}
