package dev.gatun.internal.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * One lazily started daemon thread (wasmtime's epoch ticker, in spirit) that stops guests at their deadline
 * or when their calling thread is interrupted, so that compiled code only polls the instance's interrupt flag
 * (a load and a compare) and never reads the clock. Every {@link #TICK_NANOS} it looks at the contexts it
 * knows whose outermost call is running ({@link InstanceContext#enterOutermost}) and trips the flag of those
 * past their deadline or with an interrupted thread; the trap path re-checks and names the reason.
 *
 * <p>Contexts are registered once (weakly: an unreachable instance drops out) and unregistered on close.
 * When no known call runs the thread parks without timeout, after setting a wake-up bit in every known
 * context's interrupt flag: the first poll of guest code that runs later takes the flag's slow path, which
 * clears the bit and unparks the watchdog. So the call path publishes nothing per call, and no call can
 * slip past the parking: a call running after the bits are set polls them (code that never polls is
 * straight-line and ends on its own).
 */
final class LimitWatchdog implements Runnable {
    /** How often running calls are looked at: a guest stops within about this much of its deadline. */
    static final long TICK_NANOS = 1_000_000;
    private static final LimitWatchdog INSTANCE = new LimitWatchdog();

    private final ArrayList<WeakReference<InstanceContext>> contexts = new ArrayList<>(); // guarded by this
    private volatile Thread thread;
    private volatile boolean idle;

    private LimitWatchdog() {}

    static void register(InstanceContext ctx) {
        INSTANCE.add(ctx);
    }

    static void unregister(InstanceContext ctx) {
        INSTANCE.remove(ctx);
    }

    /** From the flag's slow path, when a context saw the wake-up bit. */
    static void wake() {
        Thread t = INSTANCE.thread;
        if (t != null) LockSupport.unpark(t);
    }

    /** For tests: whether the watchdog knows {@code ctx}. */
    static boolean isRegistered(InstanceContext ctx) {
        synchronized (INSTANCE) {
            return INSTANCE.contexts.stream().anyMatch(r -> r.get() == ctx);
        }
    }

    private synchronized void add(InstanceContext ctx) {
        if (ctx.watched) return;
        ctx.watched = true;
        contexts.add(new WeakReference<>(ctx));
        if (idle) LockSupport.unpark(thread);
        if (thread == null) {
            Thread t = new Thread(this, "gatun-limit-watchdog");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    private synchronized void remove(InstanceContext ctx) {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            InstanceContext known = contexts.get(i).get();
            if (known == null || known == ctx) removeAt(i);
        }
        ctx.watched = false;
    }

    private void removeAt(int i) {
        int last = contexts.size() - 1;
        contexts.set(i, contexts.get(last));
        contexts.remove(last);
    }

    @Override
    public void run() {
        while (true) {
            if (tripExpired()) {
                LockSupport.parkNanos(this, TICK_NANOS);
                continue;
            }
            setIdle(true);
            if (!tripExpired()) LockSupport.park(this);
            setIdle(false);
        }
    }

    /** Sets (or clears, on waking) the wake-up bit of every known context. */
    private synchronized void setIdle(boolean parking) {
        idle = parking;
        for (WeakReference<InstanceContext> ref : contexts) {
            InstanceContext ctx = ref.get();
            if (ctx == null) continue;
            if (parking) ctx.markWatchdogIdle();
            else ctx.clearWatchdogIdle();
        }
    }

    /** Trips the flag of every running call that must stop; returns whether any call was running. */
    private synchronized boolean tripExpired() {
        long now = System.nanoTime();
        boolean running = false;
        for (int i = contexts.size() - 1; i >= 0; i--) {
            InstanceContext ctx = contexts.get(i).get();
            if (ctx == null) {
                removeAt(i);
                continue;
            }
            Thread caller = ctx.runningThread();
            if (caller == null) continue;
            running = true;
            if (ctx.limits.expired(now, caller)) ctx.tripByWatchdog();
        }
        return running;
    }
}
