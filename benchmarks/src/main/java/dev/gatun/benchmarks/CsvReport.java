package dev.gatun.benchmarks;

import java.util.Locale;

/**
 * Machine-readable report: one row per module and engine, times in ns (-1 = none), and the warm/cold ratio of
 * the baseline against that engine (empty when not computable).
 */
final class CsvReport {
    private CsvReport() {
    }

    static String render(Results results, String baseline) {
        Ratios warm = Ratios.of(results, baseline, Ratios.WARM);
        Ratios cold = Ratios.of(results, baseline, Ratios.COLD);
        StringBuilder csv = new StringBuilder(
                "module,engine,status,prepare_ns,first_run_ns,best_ns,median_ns,warm_runs,warm_ratio_" + baseline
                        + "_over_engine,cold_ratio_" + baseline + "_over_engine,note\n");
        for (Measurement m : results.all()) {
            csv.append(m.module()).append(',').append(m.engine()).append(',').append(m.status())
               .append(',').append(m.prepareNanos()).append(',').append(m.firstRunNanos())
               .append(',').append(m.bestNanos()).append(',').append(m.medianNanos())
               .append(',').append(m.warmRuns())
               .append(',').append(number(warm.ratio(m.engine(), m.module())))
               .append(',').append(number(cold.ratio(m.engine(), m.module())))
               .append(',').append(quoted(m.note())).append('\n');
        }
        return csv.toString();
    }

    private static String number(Double ratio) {
        return ratio == null ? "" : String.format(Locale.ROOT, "%.4f", ratio);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"").replace('\n', ' ') + "\"";
    }
}
