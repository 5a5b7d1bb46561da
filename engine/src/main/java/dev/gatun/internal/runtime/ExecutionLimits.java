package dev.gatun.internal.runtime;

import dev.gatun.InterruptedTrap;
import dev.gatun.OutOfFuelTrap;

/**
 * The slow path of the limit checks compiled code makes at function entries and loop headers. The fast path
 * ({@link InstanceContext#checkLimits}) is an opaque load of the vmctx interrupt flag plus a countdown of
 * {@link InstanceContext#budget}; when the countdown goes negative this class looks at the clock (per-call
 * deadline), the calling thread's interrupt status and the fuel left, then hands out the next budget.
 *
 * <p>Fuel invariant: fuel left = {@link #fuelReserve} + {@code ctx.budget}. Without fuel the budget is
 * simply {@link #POLL_INTERVAL}: how many cost units run between two looks at the clock.
 */
public final class ExecutionLimits {
    /** Cost units between two looks at the clock; a tight loop runs this in a few microseconds. */
    public static final long POLL_INTERVAL = 10_000;
    /** {@link #deadlineNanos} when there is none. */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    private boolean fuelEnabled;
    private long fuelReserve;
    private long deadlineNanos = NO_DEADLINE;
    private boolean stopOnThreadInterrupt = true;

    /** Turns fuel metering on (the engine does, once, before the first call). */
    public void enableFuel(InstanceContext ctx) {
        fuelEnabled = true;
        fuelReserve = 0;
        ctx.budget = 0;
    }

    public boolean fuelEnabled() {
        return fuelEnabled;
    }

    public long fuel(InstanceContext ctx) {
        return Math.max(0, fuelReserve + ctx.budget);
    }

    public void setFuel(InstanceContext ctx, long fuel) {
        if (fuel < 0) throw new IllegalArgumentException("fuel must not be negative: " + fuel);
        fuelReserve = fuel;
        ctx.budget = 0; // the next check moves a share of the reserve into the countdown
    }

    /** @param deadlineNanos a {@link System#nanoTime()} value, or {@link #NO_DEADLINE} */
    public void setDeadline(InstanceContext ctx, long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        if (deadlineNanos != NO_DEADLINE && !fuelEnabled) ctx.budget = Math.min(ctx.budget, POLL_INTERVAL);
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public void stopOnThreadInterrupt(boolean stop) {
        stopOnThreadInterrupt = stop;
    }

    /** Checks the clock and the thread without touching the budget (long bulk operations call this). */
    public void checkClockAndThread() {
        if (deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0) {
            throw new InterruptedTrap("(deadline exceeded)");
        }
        if (stopOnThreadInterrupt && Thread.currentThread().isInterrupted()) {
            throw new InterruptedTrap("(thread interrupted)");
        }
    }

    /** Called when the countdown went negative. */
    void refill(InstanceContext ctx) {
        checkClockAndThread();
        if (!fuelEnabled) {
            ctx.budget = POLL_INTERVAL;
            return;
        }
        long left = fuelReserve + ctx.budget;
        if (left < 0) {
            fuelReserve = 0;
            ctx.budget = 0;
            throw new OutOfFuelTrap();
        }
        long share = Math.min(left, POLL_INTERVAL);
        ctx.budget = share;
        fuelReserve = left - share;
    }
}
