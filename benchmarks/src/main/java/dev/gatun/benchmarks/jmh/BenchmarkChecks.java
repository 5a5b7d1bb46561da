package dev.gatun.benchmarks.jmh;

/** The one-time result checks the benchmarks run in their setup, so that a broken engine cannot look fast. */
final class BenchmarkChecks {
    private BenchmarkChecks() {
    }

    static void expect(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": expected " + expected + " but got " + actual
                    + "; the benchmark would measure a broken engine");
        }
    }

    static void expect(String what, boolean holds) {
        if (!holds) throw new IllegalStateException(what + " does not hold; the benchmark would measure a broken engine");
    }
}
