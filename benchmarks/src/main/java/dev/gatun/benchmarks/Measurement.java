package dev.gatun.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of one engine on one module: prepare (compile) time, the first run, the warm runs after it, and
 * the outcome (ok, skipped with a reason, failed with a message, or wrong output).
 */
public final class Measurement {
    public enum Status { OK, SKIPPED, FAILED, WRONG_OUTPUT }

    private final String module;
    private final String engine;
    private long prepareNanos = -1;
    private long firstRunNanos = -1;
    private final List<Long> warmRunNanos = new ArrayList<>();
    private int warmupRuns;
    private Status status = Status.OK;
    private String note = "";

    public Measurement(String module, String engine) {
        this.module = module;
        this.engine = engine;
    }

    public String module() {
        return module;
    }

    public String engine() {
        return engine;
    }

    public Status status() {
        return status;
    }

    /** Why it was skipped or failed; empty when OK. */
    public String note() {
        return note;
    }

    /** Whether further runs should be attempted. */
    public boolean isRunnable() {
        return status == Status.OK;
    }

    void prepared(long nanos) {
        prepareNanos = nanos;
    }

    /** Records a run: the first one is the cold run, the others are warm runs. */
    void ran(long measuredNanos) {
        if (firstRunNanos < 0) firstRunNanos = measuredNanos;
        else warmRunNanos.add(measuredNanos);
    }

    /** Counts an unmeasured warm-up run (made after the first run, before the measured warm runs). */
    void warmedUp() {
        warmupRuns++;
    }

    /** Unmeasured warm-up runs made between the first run and the measured warm runs. */
    public int warmupRuns() {
        return warmupRuns;
    }

    void skipped(String reason) {
        status = Status.SKIPPED;
        note = reason;
    }

    void failed(String message) {
        status = Status.FAILED;
        note = message;
    }

    void wrongOutput(String what) {
        status = Status.WRONG_OUTPUT;
        note = what;
    }

    /** Compile/prepare time in ns, or -1 when not reached. */
    public long prepareNanos() {
        return prepareNanos;
    }

    /** The first (cold) run's measured time in ns, or -1. */
    public long firstRunNanos() {
        return firstRunNanos;
    }

    public int warmRuns() {
        return warmRunNanos.size();
    }

    /** Best warm run in ns; the first run when there were no warm runs; -1 when there was no run. */
    public long bestNanos() {
        return warmRunNanos.isEmpty() ? firstRunNanos : warmRunNanos.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    /** Median warm run in ns (mean of the middle two for an even count); the first run when no warm runs; -1 for none. */
    public long medianNanos() {
        if (warmRunNanos.isEmpty()) return firstRunNanos;
        long[] sorted = warmRunNanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Whether the module ran correctly at least once, so that its times mean something. */
    public boolean hasTimes() {
        return status == Status.OK && firstRunNanos >= 0;
    }
}
