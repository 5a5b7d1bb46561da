package dev.gatun;

import java.time.Duration;

/**
 * An {@link Engine}'s settings, fixed when the engine is created. Defaults: no fuel, interrupts by
 * {@link Instance#interrupt()} / deadline / {@link Thread#interrupt()} always on, call depth 5,000, no
 * resource limits, 64 cached modules, small memories on the JVM heap ({@link Builder#offHeapMemories}).
 */
public final class EngineConfig {
    final boolean consumeFuel;
    final boolean interruptChecks;
    final long initialFuel;
    final boolean stopOnThreadInterrupt;
    final Duration defaultTimeout;
    final int maxCallDepth;
    final long maxMemoryPages;
    final long maxTotalMemoryBytes;
    final long maxTableElements;
    final int maxInstances;
    final int moduleCacheSize;
    final boolean offHeapMemories;

    private EngineConfig(Builder b) {
        consumeFuel = b.consumeFuel;
        interruptChecks = b.interruptChecks;
        initialFuel = b.initialFuel;
        stopOnThreadInterrupt = b.stopOnThreadInterrupt;
        defaultTimeout = b.defaultTimeout;
        maxCallDepth = b.maxCallDepth;
        maxMemoryPages = b.maxMemoryPages;
        maxTotalMemoryBytes = b.maxTotalMemoryBytes;
        maxTableElements = b.maxTableElements;
        maxInstances = b.maxInstances;
        moduleCacheSize = b.moduleCacheSize;
        offHeapMemories = b.offHeapMemories;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EngineConfig defaults() {
        return builder().build();
    }

    public boolean consumeFuel() {
        return consumeFuel;
    }

    public boolean interruptChecks() {
        return interruptChecks;
    }

    public int maxCallDepth() {
        return maxCallDepth;
    }

    public boolean offHeapMemories() {
        return offHeapMemories;
    }

    public static final class Builder {
        private boolean consumeFuel;
        private boolean interruptChecks = true;
        private long initialFuel;
        private boolean stopOnThreadInterrupt = true;
        private Duration defaultTimeout;
        private int maxCallDepth = dev.gatun.internal.runtime.Instance.DEFAULT_MAX_CALL_DEPTH;
        private long maxMemoryPages = -1;
        private long maxTotalMemoryBytes = -1;
        private long maxTableElements = -1;
        private int maxInstances = -1;
        private int moduleCacheSize = 64;
        private boolean offHeapMemories;

        private Builder() {}

        /**
         * Meters execution: every instance has fuel (one unit per executed instruction, charged on entering each
         * basic block; compiled into this engine's code only, which makes it slower) and traps with
         * {@link OutOfFuelTrap} when it runs out.
         */
        public Builder consumeFuel(boolean on) {
            consumeFuel = on;
            return this;
        }

        /**
         * Whether compiled code checks for interrupts, deadlines and fuel at function entries and loop headers
         * (default true). Off, a guest can only be stopped by the call-depth limit; for trusted code and for
         * measuring what the checks cost.
         */
        public Builder interruptChecks(boolean on) {
            interruptChecks = on;
            return this;
        }

        /** Fuel each new (or reset pooled) instance starts with; 0 by default, so set it or call setFuel. */
        public Builder initialFuel(long fuel) {
            if (fuel < 0) throw new IllegalArgumentException("initial fuel must not be negative: " + fuel);
            initialFuel = fuel;
            return this;
        }

        /** Whether {@link Thread#interrupt()} of the calling thread stops the guest (default true). */
        public Builder stopOnThreadInterrupt(boolean on) {
            stopOnThreadInterrupt = on;
            return this;
        }

        /** A deadline every outermost call gets unless the instance sets its own; null for none. */
        public Builder defaultTimeout(Duration timeout) {
            defaultTimeout = timeout;
            return this;
        }

        /** Deepest Wasm call nesting before a {@link CallStackExhaustedTrap}. */
        public Builder maxCallDepth(int depth) {
            if (depth < 1) throw new IllegalArgumentException("call depth limit must be positive: " + depth);
            maxCallDepth = depth;
            return this;
        }

        /** Largest size of any one memory of an instance, in 64 KiB pages; memory.grow beyond returns -1. */
        public Builder maxMemoryPages(long pages) {
            maxMemoryPages = pages;
            return this;
        }

        /** Total bytes all live instances' memories of this engine may reserve. */
        public Builder maxTotalMemoryBytes(long bytes) {
            maxTotalMemoryBytes = bytes;
            return this;
        }

        /** Largest number of elements of any one table; table.grow beyond returns -1. */
        public Builder maxTableElements(long elements) {
            maxTableElements = elements;
            return this;
        }

        /** Most instances alive (not closed) at once; one more fails with {@link ResourceLimitException}. */
        public Builder maxInstances(int instances) {
            maxInstances = instances;
            return this;
        }

        /** How many compiled modules the engine keeps by content hash (0: no cache). */
        public Builder moduleCacheSize(int modules) {
            if (modules < 0) throw new IllegalArgumentException("cache size must not be negative");
            moduleCacheSize = modules;
            return this;
        }

        /**
         * Keeps every memory off the JVM heap (an mmap-reserved region), also the small unshared 32-bit ones that
         * are otherwise a {@code byte[]} (default false). Then an {@link InstancePool} resets a returned
         * instance's memory by dropping its written pages and remapping the module's memory image copy-on-write
         * (Linux) instead of copying the whole image back, so a reset costs what the guest wrote, not the
         * memory's size. Compiled code reaches an off-heap memory through a memory segment, which is somewhat
         * slower on memory-heavy code than a heap array (README, "Instance pools"). Host memories imported by
         * such modules must be off-heap too ({@link Memory#createOffHeap}).
         */
        public Builder offHeapMemories(boolean on) {
            offHeapMemories = on;
            return this;
        }

        public EngineConfig build() {
            if (consumeFuel && !interruptChecks) {
                throw new IllegalArgumentException("fuel needs the compiled checks: consumeFuel(true) with interruptChecks(false)");
            }
            return new EngineConfig(this);
        }
    }
}
