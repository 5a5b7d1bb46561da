package dev.gatun;

import java.time.Duration;

/**
 * Sizing of an {@link InstancePool}.
 *
 * @param minIdle       instances created up front and kept ready
 * @param maxSize       most instances (idle + in use) at once
 * @param borrowTimeout how long {@link InstancePool#borrow()} waits for a free instance when all are in use
 */
public record PoolConfig(int minIdle, int maxSize, Duration borrowTimeout) {
    public PoolConfig {
        if (maxSize < 1) throw new IllegalArgumentException("pool max size must be positive: " + maxSize);
        if (minIdle < 0 || minIdle > maxSize) {
            throw new IllegalArgumentException("pool min idle must be between 0 and max size " + maxSize + ": " + minIdle);
        }
        if (borrowTimeout == null || borrowTimeout.isNegative()) {
            throw new IllegalArgumentException("borrow timeout must be zero or positive");
        }
    }
}
