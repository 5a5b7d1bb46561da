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
 * <p>An instance runs on one thread at a time (threads share memories, never instances), so the fields that
 * track calls are plain. The call-depth limit costs compiled code no field access: every compiled function
 * takes the frames still allowed as an {@code int} parameter (see {@link dev.gatun.internal.compile.JvmTypes});
 * only calls through a {@link FunctionRef#target} hand it over in {@link #entryDepth}.
 */
public final class InstanceContext {
    private static final VarHandle INT_IN_SEGMENT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle INTERRUPT_MIRROR;
    private static final VarHandle CALLER_THREAD;
    /** {@link #interruptMirror} bit: {@link #interrupt} was called. */
    private static final int EXPLICIT_INTERRUPT = 1;
    /** {@link #interruptMirror} bit: the {@link LimitWatchdog} saw the deadline pass or the thread interrupted. */
    private static final int WATCHDOG_TRIP = 2;
    /** {@link #interruptMirror} bit: the watchdog parked; the next poll wakes it (calls publish nothing else). */
    private static final int WATCHDOG_IDLE = 4;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            INTERRUPT_MIRROR = lookup.findVarHandle(InstanceContext.class, "interruptMirror", int.class);
            CALLER_THREAD = lookup.findVarHandle(InstanceContext.class, "callerThread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A copy of the vmctx interrupt flag that compiled code polls: a read of a field costs a plain
     * load, where the segment read also pays the arena's liveness and bounds checks at every loop header
     * (measured: LimitChecksBenchmark). {@link #interrupt} and {@link #clearInterrupt} write both.
     * Volatile so that {@link #pollLimits}, inlined at the entry of every function that calls, reads it with a
     * single {@code getfield} (a plain load on x86): the {@code VarHandle.getOpaque} chain it replaced was
     * inlined with it into every such function (rust-json, PrintInlining: {@code VarHandleGuards::guard_L_I}
     * inlined 104 times before, 12 after).
     */
    private volatile int interruptMirror;
    /**
     * The thread of the latest outermost call that needed the {@link LimitWatchdog}; kept when the call ends
     * (written only when it changes, so the call path stores nothing): {@link #javaCalls} {@code > 0} tells
     * the watchdog that a call runs.
     */
    @SuppressWarnings("unused") // through CALLER_THREAD
    private volatile Thread callerThread;
    /** Whether the {@link LimitWatchdog} knows this context (set once, under the watchdog's lock). */
    boolean watched;

    public final MemorySegment vmctx;
    public final VmContextLayout layout;
    /** Memory 0 when it lives on the heap (the compiled fast path), else null. */
    public HeapMemory memory0;
    public LinearMemory[] memories;
    public Table[] tables;
    /** All globals of the index space (imported first). */
    public WasmGlobal[] globals;
    /**
     * Values of the globals the module defines, does not export and are numeric, as raw bits by
     * {@link GlobalCells#cellIndexes cell index}; compiled code reads and writes them directly.
     */
    public long[] globalCells;
    /** All functions of the index space (imported first), bound to their instances. */
    public FunctionRef[] functions;
    /** All exception tags of the index space (imported first). */
    public Tag[] tags;
    /**
     * Frames of split functions kept between calls, by function index: a split function's outer method takes
     * its frame from here (leaving null, so a re-entrant call allocates its own) and puts it back when it
     * returns, so a call allocates nothing (see {@link dev.gatun.internal.compile.SplitFunctionEmitter}).
     */
    public long[][] splitFrames;
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

    /**
     * The depth parameter a call entering this instance through a {@link FunctionRef#target} starts with (Wasm
     * frames still allowed, the callee's included): {@link #maxCallDepth} while the instance is idle. Set, for
     * the duration of one call and restored however it ends, by compiled code calling a host function (the
     * caller's depth, in its own instance: where the host's calls back in start) and by tail-call drains (in
     * the callee's instance). Compiled calls to Wasm functions pass the depth as an argument instead
     * ({@link FunctionRef#depthTarget}). So the limit holds across instances and host re-entry.
     */
    public int entryDepth;
    /**
     * Calls from Java into this instance in progress (an outermost one and host functions' re-entries):
     * {@code > 0} tells the watchdog that a call runs; a call that finds 0 is outermost.
     */
    public int javaCalls;
    /**
     * Fuel left (code compiled for fuel only; see {@link ExecutionLimits}). While a compiled function runs it
     * keeps the fuel in a JVM local and writes it back here before calls, at returns and segment exits, and
     * when an exception leaves it; so it is exact between calls and inside host functions.
     */
    public long budget = Long.MAX_VALUE;
    /**
     * Loop back-edges left before the next loop header polls (code compiled without fuel). Functions with loops
     * keep it in a JVM local, taking it from here at entry and after calls and putting it back before calls
     * and at returns, so it counts the back-edges of the whole call stack: a loop that runs for long polls
     * every {@link #POLL_INTERVAL} back-edges, however its work is spread over callees.
     */
    public int pollCountdown = POLL_INTERVAL;
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
        this.entryDepth = maxCallDepth;
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

    /**
     * The trap compiled code throws when a function is entered with no frames left (its depth parameter
     * {@code <= 0}, see {@link dev.gatun.internal.compile.LimitCheckEmitter#emitEntry}).
     */
    public static CallStackExhaustedTrap callStackExhausted() {
        return new CallStackExhaustedTrap();
    }

    /** Puts the call-tracking state back as if nothing ran (after a failed outermost call, on pool reset). */
    public void resetCalls() {
        entryDepth = maxCallDepth;
        javaCalls = 0;
        pendingTail = null;
    }

    /** Polled by long waits (memory.atomic.wait) and bulk operations: another thread may interrupt at any time. */
    public void pollInterrupt() {
        if ((int) INTERRUPT_MIRROR.getOpaque(this) != 0) limitTripped();
    }

    /**
     * A volatile (never hoisted) load of the interrupt flag and a compare: compiled code polls through this
     * when a loop header's countdown or fuel mark runs out, and at the entry of functions that may make two or more calls in one run (see
     * {@link dev.gatun.internal.compile.LimitCheckEmitter}). Deadlines and thread interrupts reach this flag
     * through the {@link LimitWatchdog}.
     */
    public void pollLimits() {
        if (interruptMirror != 0) limitTripped();
    }

    /**
     * Back-edges between two polls of a loop: the opaque load of the flag (which C2 orders like a barrier)
     * runs once per this many loop iterations. 1024: on the loop kernel (thread CPU time per call, against
     * checks compiled out) 1 and 16 cost +10%, 1024 and 65536 +3.5% (the countdown itself); a
     * {@code (loop (br 0))} still polls about every microsecond. The property is a tuning aid for benchmarks.
     */
    public static final int POLL_INTERVAL = Math.max(1, Integer.getInteger("gatun.limits.pollInterval", 1024));
    /**
     * Fuel (instructions) between two polls of a loop header in fuel-metered code: a power of two, the
     * header polls when the fuel falls below the last multiple of it.
     */
    public static final long FUEL_POLL_INTERVAL = 1 << 14;

    /**
     * A loop header's countdown ran out: polls the flag and returns the next countdown. Written out rather than
     * calling {@link #pollLimits}, which keeps it over C1's inline limit (C1MaxInlineSize, 35 bytecode bytes):
     * C1 inlines every callee it may, and the VarHandle chain of an inlined flag read at each loop header of a
     * segment made C1 run out of virtual registers (bz2 {@code func19$s1}, 24 loops), leaving the hottest code
     * interpreted until C2 got to it. Called once per {@link #POLL_INTERVAL} back-edges, a call costs nothing.
     */
    public int pollAfterCountdown() {
        int flag = (int) INTERRUPT_MIRROR.getOpaque(this);
        if (flag == 0) return POLL_INTERVAL;
        if ((flag & EXPLICIT_INTERRUPT) != 0) throw new InterruptedTrap();
        limitTripped();
        return POLL_INTERVAL;
    }

    /** Charges a basic block in the ctx budget (the entry of a split function, which keeps no fuel local). */
    public void chargeFuel(int cost) {
        if ((budget -= cost) < 0) limits.outOfFuel(this);
    }

    /**
     * Charges a basic block from fuel kept in a local: returns what is left, or traps when it went negative
     * (the budget becomes 0; {@link #storeFuelOnUnwind} keeps it so).
     */
    public long chargeFuel(long fuelLeft, int cost) {
        long left = fuelLeft - cost;
        if (left < 0) limits.outOfFuel(this);
        return left;
    }

    /**
     * A fuel-metered loop header found the fuel below its poll mark: polls the flag and returns the next
     * mark, the last multiple of {@link #FUEL_POLL_INTERVAL} at or below {@code fuelLeft} (never negative).
     */
    public long pollAtFuelMark(long fuelLeft) {
        pollCountdown = POLL_INTERVAL; // fuel code reads it only to notice interrupt(), which zeroes it
        pollLimits();
        return fuelLeft & -FUEL_POLL_INTERVAL;
    }

    /**
     * An exception leaves a fuel-metered function: its local fuel goes back to the budget. The smaller value
     * wins: the budget is only above the local fuel (it was synced before, the local only went down) unless
     * running out of fuel just set it to 0.
     */
    public void storeFuelOnUnwind(long fuelLeft) {
        if (fuelLeft < budget) budget = fuelLeft;
    }

    /** The flag is set: an explicit interrupt traps; a watchdog trip traps naming its reason if it still holds. */
    private void limitTripped() {
        int flag = (int) INTERRUPT_MIRROR.getOpaque(this);
        if ((flag & EXPLICIT_INTERRUPT) != 0) throw new InterruptedTrap();
        if ((flag & WATCHDOG_IDLE) != 0) {
            INTERRUPT_MIRROR.getAndBitwiseAnd(this, ~WATCHDOG_IDLE);
            LimitWatchdog.wake(); // guest code runs (it polls): deadlines and thread interrupts need watching
        }
        if ((flag & WATCHDOG_TRIP) != 0) {
            limits.checkClockAndThread();
            // a trip meant for the previous call on this instance (the watchdog raced its end): ignore it
            INTERRUPT_MIRROR.getAndBitwiseAnd(this, ~WATCHDOG_TRIP);
        }
    }

    /** Whether {@link #interrupt} was called and not cleared. */
    public boolean interruptRequested() {
        return ((int) INTERRUPT_MIRROR.getOpaque(this) & EXPLICIT_INTERRUPT) != 0;
    }

    /** For long bulk operations between chunks: the flag, deadline and thread, no fuel. */
    public void checkInterruptedInBulk() {
        pollInterrupt();
        limits.checkClockAndThread();
    }

    /**
     * Asks running code to stop with an {@link InterruptedTrap}, at its next poll (function entries that call,
     * loop headers whose countdown runs out); any thread. Zeroing the countdown makes a loop that calls (a
     * host function that interrupts its caller, say) poll at its next header: functions take it from here
     * after every call (with fuel, they look at it after every call to reset their fuel mark).
     */
    public void interrupt() {
        INT_IN_SEGMENT.setOpaque(vmctx, interruptOffset, 1);
        INTERRUPT_MIRROR.getAndBitwiseOr(this, EXPLICIT_INTERRUPT);
        pollCountdown = 0; // racy from another thread, and harmless: at worst the poll comes a countdown later
    }

    /** Clears the interrupt flag (and any watchdog trip) so the instance can run again. */
    public void clearInterrupt() {
        INT_IN_SEGMENT.setOpaque(vmctx, interruptOffset, 0);
        INTERRUPT_MIRROR.getAndBitwiseAnd(this, WATCHDOG_IDLE); // a pending wake-up stays
    }

    /** The watchdog parks: the next poll of this instance's code wakes it. */
    void markWatchdogIdle() {
        if (((int) INTERRUPT_MIRROR.getOpaque(this) & WATCHDOG_IDLE) == 0) INTERRUPT_MIRROR.getAndBitwiseOr(this, WATCHDOG_IDLE);
    }

    /** The watchdog woke: no need for this instance to wake it. */
    void clearWatchdogIdle() {
        if (((int) INTERRUPT_MIRROR.getOpaque(this) & WATCHDOG_IDLE) != 0) INTERRUPT_MIRROR.getAndBitwiseAnd(this, ~WATCHDOG_IDLE);
    }

    /** The watchdog's way to stop the running call (deadline passed or thread interrupted). */
    void tripByWatchdog() {
        if (((int) INTERRUPT_MIRROR.getOpaque(this) & WATCHDOG_TRIP) == 0) INTERRUPT_MIRROR.getAndBitwiseOr(this, WATCHDOG_TRIP);
    }

    /**
     * An outermost call from Java starts on this thread. An interrupt requested before the call stops it
     * here and is spent. When the call has a deadline or stops on a thread interrupt, the watchdog must
     * know the calling thread: published (a release store; registration once per context) only when it
     * differs from the last one, so the usual call path only loads and compares. Nothing is done at exit:
     * the watchdog sees {@link #javaCalls} back at 0. A parked watchdog is woken by the guest's first poll.
     */
    public void enterOutermost() {
        if (interruptRequested() && limits.checksCompiled()) {
            // code without calls or loops polls nothing, so a request made while nothing ran is served here
            clearInterrupt();
            throw new InterruptedTrap();
        }
        if (!limits.needsWatching()) return;
        Thread current = Thread.currentThread();
        if (CALLER_THREAD.getOpaque(this) != current) publishCaller(current);
    }

    private void publishCaller(Thread current) {
        CALLER_THREAD.setRelease(this, current);
        if (!watched) LimitWatchdog.register(this);
    }

    /** For the watchdog: the thread of the running outermost call, or null when none runs. */
    Thread runningThread() {
        return javaCalls > 0 ? callerThread : null;
    }

    /** The instance is closed: the watchdog forgets it. */
    public void release() {
        CALLER_THREAD.setRelease(this, null);
        if (watched) LimitWatchdog.unregister(this);
    }
}
