package dev.gatun;

/**
 * An instance borrowed from an {@link InstancePool}, for the borrowing thread only; {@link #close()} gives it
 * back (use try-with-resources). Handles taken from {@link #instance()} must not be used after that.
 */
public final class PooledInstance implements AutoCloseable {
    private final InstancePool pool;
    final InstancePool.Entry entry;
    private final Thread borrower = Thread.currentThread();
    private volatile boolean returned;

    PooledInstance(InstancePool pool, InstancePool.Entry entry) {
        this.pool = pool;
        this.entry = entry;
    }

    /** The instance; only for the thread that borrowed it (an instance runs on one thread at a time). */
    public Instance instance() {
        if (returned) throw new InstanceClosedException("pooled instance used after it was returned");
        if (Thread.currentThread() != borrower) {
            throw new IllegalStateException("pooled instance borrowed by " + borrower.getName() + " used by "
                    + Thread.currentThread().getName());
        }
        return entry.instance;
    }

    /** Shortcut for {@code instance().function(name)}. */
    public Function function(String name) {
        return instance().function(name);
    }

    /** Returns the instance to the pool (reset) or, if it trapped, discards it. Idempotent; any thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (returned) return;
            returned = true;
        }
        pool.giveBack(entry);
    }
}
