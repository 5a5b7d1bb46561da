package dev.gatun.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SVG bar chart of warm ratios baseline ÷ peer, one group of bars per module (plus the geometric means), on
 * a log scale centred on 1 so that "2x slower" and "2x faster" look equally far from parity.
 */
final class RatioChart {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};
    private static final int LABEL_WIDTH = 190;
    private static final int PLOT_WIDTH = 560;
    private static final int BAR_HEIGHT = 12;
    private static final int GROUP_GAP = 10;
    private static final int TOP = 60;

    private RatioChart() {
    }

    static String render(Results results, Ratios ratios) {
        List<String> peers = ratios.peers();
        List<String> rows = new ArrayList<>();
        for (String module : results.modules()) {
            if (peers.stream().anyMatch(p -> ratios.ratio(p, module) != null)) rows.add(module);
        }
        double maxLog = 1; // at least 0.5x .. 2x
        for (String peer : peers) {
            for (String module : rows) {
                Double r = ratios.ratio(peer, module);
                if (r != null) maxLog = Math.max(maxLog, Math.abs(log2(r)));
            }
        }
        maxLog = Math.ceil(maxLog);
        int groupHeight = Math.max(1, peers.size()) * BAR_HEIGHT + GROUP_GAP;
        int height = TOP + (rows.size() + 1) * groupHeight + 40;
        int width = LABEL_WIDTH + PLOT_WIDTH + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n",
                width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(10, 18, "Warm time ratio " + ratios.baseline() + " ÷ peer (median; log scale; left of 1 = "
                + ratios.baseline() + " faster)", "bold"));
        for (int i = 0; i < peers.size(); i++) {
            int x = 10 + i * 150;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"28\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
                    x, COLORS[i % COLORS.length]));
            svg.append(text(x + 14, 37, peers.get(i), null));
        }
        if (rows.isEmpty()) {
            svg.append(text(10, TOP + 10, "No ratios: " + ratios.baseline() + " and its peers ran no module in common.", null));
            return svg.append("</svg>\n").toString();
        }
        int plotBottom = TOP + (rows.size() + 1) * groupHeight;
        for (int tick = (int) -maxLog; tick <= maxLog; tick++) {
            double x = xOf(tick, maxLog);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n",
                    x, TOP - 6, x, plotBottom, tick == 0 ? "#000" : "#ddd"));
            svg.append(text((int) x - 12, plotBottom + 14, label(Math.pow(2, tick)), null));
        }
        int y = TOP;
        List<String> labels = new ArrayList<>(rows);
        labels.add("geometric mean");
        for (String row : labels) {
            boolean mean = row.equals("geometric mean");
            svg.append(text(10, y + groupHeight / 2, row, mean ? "bold" : null));
            for (int i = 0; i < peers.size(); i++) {
                String peer = peers.get(i);
                Double r = mean ? Double.valueOf(ratios.geometricMean(peer)) : ratios.ratio(peer, row);
                if (r == null || r.isNaN()) continue;
                double x0 = xOf(0, maxLog);
                double x1 = xOf(log2(r), maxLog);
                int barY = y + i * BAR_HEIGHT;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s vs %s: %s</title></rect>\n",
                        Math.min(x0, x1), barY, Math.max(1, Math.abs(x1 - x0)), BAR_HEIGHT - 2,
                        COLORS[i % COLORS.length], escape(row), escape(peer), TimeFormat.ratio(r)));
                svg.append(text((int) Math.max(x0, x1) + 3, barY + BAR_HEIGHT - 3, TimeFormat.ratio(r), null));
            }
            y += groupHeight;
        }
        return svg.append("</svg>\n").toString();
    }

    private static double xOf(double log2Ratio, double maxLog) {
        return LABEL_WIDTH + (log2Ratio + maxLog) / (2 * maxLog) * PLOT_WIDTH;
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }

    private static String label(double ratio) {
        return ratio >= 1 ? String.format(Locale.ROOT, "%.0fx", ratio) : String.format(Locale.ROOT, "1/%.0f", 1 / ratio);
    }

    private static String text(int x, int y, String content, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>\n", x, y,
                weight == null ? "" : " font-weight=\"" + weight + "\"", escape(content));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
