package dev.gatun.benchmarks;

import java.util.Locale;

/** How times and ratios are printed in the reports. */
final class TimeFormat {
    private TimeFormat() {
    }

    /** Milliseconds with 2 decimals, or "–" for a missing time. */
    static String millis(long nanos) {
        return nanos < 0 ? "–" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /** A ratio with 2 decimals and an "x", or "–" when missing. */
    static String ratio(Double ratio) {
        return ratio == null || ratio.isNaN() ? "–" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
