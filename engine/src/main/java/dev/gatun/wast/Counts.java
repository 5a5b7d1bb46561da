package dev.gatun.wast;

/** How many commands passed, failed and were skipped. */
public record Counts(int passed, int failed, int skipped) {
    public static final Counts ZERO = new Counts(0, 0, 0);

    public Counts {
        if (passed < 0 || failed < 0 || skipped < 0) {
            throw new IllegalArgumentException("negative count: " + passed + "/" + failed + "/" + skipped);
        }
    }

    public Counts plus(Counts other) {
        return new Counts(passed + other.passed, failed + other.failed, skipped + other.skipped);
    }

    public int total() {
        return passed + failed + skipped;
    }

    @Override
    public String toString() {
        return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
}
