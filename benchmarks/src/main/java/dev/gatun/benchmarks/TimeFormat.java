package dev.gatun.benchmarks;

import java.util.Locale;

/** How times and ratios are printed in the reports. */
final class TimeFormat {
    private TimeFormat() {
    }

    /** Milliseconds: 2 decimals, 3 below 10 ms (so that tiny modules do not read as 0.00); "–" for none. */
    static String millis(long nanos) {
        if (nanos < 0) return "–";
        return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.3f" : "%.2f", nanos / 1e6);
    }

    /** A ratio with 2 decimals and an "x", or "–" when missing. */
    static String ratio(Double ratio) {
        return ratio == null || ratio.isNaN() ? "–" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
