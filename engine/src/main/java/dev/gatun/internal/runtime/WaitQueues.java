package dev.gatun.internal.runtime;

import dev.gatun.InterruptedTrap;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;

/**
 * The waiter lists of one shared memory, keyed by address (memory.atomic.wait / notify). A waiter compares
 * the memory value and enqueues itself under the same lock a notifier takes, so a store followed by a notify
 * can never slip between a waiter's check and its sleep: no lost wakeups. Waiters are woken in FIFO order.
 */
final class WaitQueues {
    static final int OK = 0;
    static final int NOT_EQUAL = 1;
    static final int TIMED_OUT = 2;
    /** How often a sleeping waiter checks its instance's interrupt flag. */
    static final long POLL_NANOS = 20_000_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, ArrayDeque<Waiter>> byAddress = new HashMap<>();

    private static final class Waiter {
        final Condition wakeUp;
        boolean notified;

        Waiter(Condition wakeUp) {
            this.wakeUp = wakeUp;
        }
    }

    /**
     * Blocks while {@code stillExpected} holds for the value at {@code address} and no notify came, at most
     * {@code timeoutNanos} (negative: forever). Returns {@link #OK}, {@link #NOT_EQUAL} or {@link #TIMED_OUT}.
     * {@code poll} (may be null) runs every {@link #POLL_NANOS} while asleep and may throw to stop waiting
     * (the instance's interrupt flag); a Java thread interrupt stops it with an {@link InterruptedTrap}.
     */
    int await(long address, LongPredicate stillExpected, long timeoutNanos, Runnable poll) {
        lock.lock();
        try {
            if (!stillExpected.test(address)) return NOT_EQUAL;
            Waiter me = new Waiter(lock.newCondition());
            ArrayDeque<Waiter> queue = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
            queue.addLast(me);
            boolean forever = timeoutNanos < 0;
            long remaining = timeoutNanos;
            try {
                while (!me.notified) {
                    if (poll != null) poll.run();
                    if (forever && poll == null) {
                        me.wakeUp.await();
                        continue;
                    }
                    if (!forever && remaining <= 0) break;
                    long slice = forever ? POLL_NANOS : poll == null ? remaining : Math.min(remaining, POLL_NANOS);
                    long start = System.nanoTime();
                    me.wakeUp.awaitNanos(slice);
                    if (!forever) remaining -= System.nanoTime() - start;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!me.notified) {
                    remove(address, queue, me);
                    throw new InterruptedTrap();
                }
            } catch (RuntimeException e) {
                if (!me.notified) remove(address, queue, me);
                throw e;
            }
            if (me.notified) return OK;
            remove(address, queue, me);
            return TIMED_OUT;
        } finally {
            lock.unlock();
        }
    }

    private void remove(long address, ArrayDeque<Waiter> queue, Waiter waiter) {
        queue.remove(waiter);
        if (queue.isEmpty()) byAddress.remove(address, queue);
    }

    /** Wakes up to {@code count} (unsigned) waiters on {@code address}; returns how many were woken. */
    int notify(long address, long count) {
        lock.lock();
        try {
            ArrayDeque<Waiter> queue = byAddress.get(address);
            if (queue == null) return 0;
            int woken = 0;
            while (woken < count && !queue.isEmpty()) {
                Waiter w = queue.removeFirst();
                w.notified = true;
                w.wakeUp.signal();
                woken++;
            }
            if (queue.isEmpty()) byAddress.remove(address);
            return woken;
        } finally {
            lock.unlock();
        }
    }
}
