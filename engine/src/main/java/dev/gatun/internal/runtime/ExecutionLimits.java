package dev.gatun.internal.runtime;

import dev.gatun.InterruptedTrap;
import dev.gatun.OutOfFuelTrap;

/**
 * Deadline, thread-interrupt and fuel state of one instance. Compiled code never looks at the clock: the
 * {@link LimitWatchdog} compares the deadline and the running thread's interrupt status while a call runs
 * and trips the instance's interrupt flag, which compiled code polls (a load and a compare); the trap path
 * ({@link #checkClockAndThread}) then names the reason.
 *
 * <p>Fuel (code compiled for fuel only): {@link InstanceContext#budget} is the fuel left; compiled code
 * subtracts each basic block's instruction count on entering it (from a copy in a JVM local, written back
 * before calls, at returns and when an exception leaves the function) and calls {@link #outOfFuel} when it
 * went negative.
 */
public final class ExecutionLimits {
    /** {@link #deadlineNanos} when there is none. */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    private boolean fuelEnabled;
    // plain: the calling thread writes them before publishing the call to the watchdog (a release store)
    private long deadlineNanos = NO_DEADLINE;
    private boolean stopOnThreadInterrupt = true;
    private boolean checksCompiled = true;
    /** {@link #needsWatching}, kept up to date by the setters: the call path reads one field. */
    private boolean watchCalls = true;

    /** Turns fuel metering on (the engine does, once, before the first call); the code must be compiled for fuel. */
    public void enableFuel(InstanceContext ctx) {
        fuelEnabled = true;
        ctx.budget = 0;
    }

    public boolean fuelEnabled() {
        return fuelEnabled;
    }

    public long fuel(InstanceContext ctx) {
        return Math.max(0, ctx.budget);
    }

    public void setFuel(InstanceContext ctx, long fuel) {
        if (fuel < 0) throw new IllegalArgumentException("fuel must not be negative: " + fuel);
        ctx.budget = fuel;
    }

    /** @param deadlineNanos a {@link System#nanoTime()} value, or {@link #NO_DEADLINE} */
    public void setDeadline(InstanceContext ctx, long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        updateWatchCalls();
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public void stopOnThreadInterrupt(boolean stop) {
        stopOnThreadInterrupt = stop;
        updateWatchCalls();
    }

    /** The code polls nothing (engine option): no interrupt is looked at, not even at call entry. */
    public void checksCompiledOut() {
        checksCompiled = false;
        updateWatchCalls();
    }

    private void updateWatchCalls() {
        watchCalls = checksCompiled && (stopOnThreadInterrupt || deadlineNanos != NO_DEADLINE);
    }

    boolean checksCompiled() {
        return checksCompiled;
    }

    /** Whether a call needs the watchdog: its code polls, and it has a deadline or stops on a thread interrupt. */
    boolean needsWatching() {
        return watchCalls;
    }

    /** For the watchdog: whether the call running on {@code thread} must stop. */
    boolean expired(long nowNanos, Thread thread) {
        long deadline = deadlineNanos;
        return deadline != NO_DEADLINE && nowNanos - deadline >= 0
                || stopOnThreadInterrupt && thread.isInterrupted();
    }

    /** Checks the clock and the thread; throws the trap naming the reason (trap path and bulk operations). */
    public void checkClockAndThread() {
        long deadline = deadlineNanos;
        if (deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0) {
            throw new InterruptedTrap("(deadline exceeded)");
        }
        if (stopOnThreadInterrupt && Thread.currentThread().isInterrupted()) {
            throw new InterruptedTrap("(thread interrupted)");
        }
    }

    /** Called by compiled code when the fuel countdown went negative. */
    void outOfFuel(InstanceContext ctx) {
        ctx.budget = 0;
        throw new OutOfFuelTrap();
    }
}
