package dev.gatun.benchmarks;

import java.util.List;

/** The human-readable report: times per module and engine, then ratios and geometric means, then notes. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(Results results, String baseline, String header) {
        StringBuilder md = new StringBuilder();
        md.append("# Corpus benchmark\n\n").append(header).append("\n\n");
        md.append("Times in ms. *prepare*: parse + validate + compile; *first*: the first (cold) run; *best*/*median*: ")
          .append("measured warm runs after it and after unmeasured warm-up runs (engines alternate in every phase). ")
          .append("Each run is the time between the guest's `bench.start` and `bench.end`.\n\n");
        md.append("| module | engine | prepare | first | best | median | warm-up runs | warm runs | status |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Measurement m : results.all()) {
            md.append("| ").append(m.module()).append(" | ").append(m.engine())
              .append(" | ").append(TimeFormat.millis(m.prepareNanos()))
              .append(" | ").append(TimeFormat.millis(m.firstRunNanos()))
              .append(" | ").append(TimeFormat.millis(m.bestNanos()))
              .append(" | ").append(TimeFormat.millis(m.medianNanos()))
              .append(" | ").append(m.warmupRuns())
              .append(" | ").append(m.warmRuns())
              .append(" | ").append(status(m)).append(" |\n");
        }
        appendRatios(md, results, baseline, "Warm ratios (median)", Ratios.of(results, baseline, Ratios.WARM));
        appendRatios(md, results, baseline, "Cold ratios (prepare + first run)", Ratios.of(results, baseline, Ratios.COLD));
        return md.toString();
    }

    private static void appendRatios(StringBuilder md, Results results, String baseline, String title, Ratios ratios) {
        List<String> peers = ratios.peers();
        md.append("\n## ").append(title).append(": ").append(baseline).append(" ÷ peer (below 1 = ")
          .append(baseline).append(" faster)\n\n");
        if (peers.isEmpty()) {
            md.append("No peers in this run.\n");
            return;
        }
        md.append("| module |");
        peers.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append("\n|---|");
        peers.forEach(p -> md.append("---:|"));
        md.append('\n');
        for (String module : results.modules()) {
            md.append("| ").append(module).append(" |");
            for (String peer : peers) md.append(' ').append(TimeFormat.ratio(ratios.ratio(peer, module))).append(" |");
            md.append('\n');
        }
        md.append("| **geometric mean** |");
        for (String peer : peers) {
            md.append(" **").append(TimeFormat.ratio(ratios.geometricMean(peer))).append("** (")
              .append(ratios.count(peer)).append(") |");
        }
        md.append('\n');
    }

    private static String status(Measurement m) {
        String note = m.note().replace('|', '/').replace('\n', ' ');
        if (note.length() > 160) note = note.substring(0, 157) + "...";
        return switch (m.status()) {
            case OK -> "ok";
            case SKIPPED -> "skipped: " + note;
            case FAILED -> "failed: " + note;
            case WRONG_OUTPUT -> "wrong output: " + note;
        };
    }
}
