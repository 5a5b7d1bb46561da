package dev.gatun;

/**
 * A consistent snapshot of an {@link InstancePool}'s counters, for metrics.
 *
 * @param size      instances alive (idle + in use)
 * @param idle      ready to borrow
 * @param inUse     borrowed
 * @param created   instantiated since the pool started
 * @param reset     returned and put back into their just-instantiated state
 * @param discarded closed instead of reused (trapped or interrupted, or the pool closed)
 * @param waits     borrows that had to wait for a free instance
 */
public record PoolStats(int size, int idle, int inUse, long created, long reset, long discarded, long waits) {}
