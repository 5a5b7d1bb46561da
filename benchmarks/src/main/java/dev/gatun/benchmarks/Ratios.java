package dev.gatun.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Ratios baseline ÷ peer (e.g. Gatun ÷ wasmtime; below 1 means the baseline is faster), per module and as a
 * geometric mean over the modules both engines ran correctly.
 */
public final class Ratios {
    /** Warm: median of the warm runs. */
    public static final ToLongFunction<Measurement> WARM = Measurement::medianNanos;
    /** Cold: compile/prepare plus the first run. */
    public static final ToLongFunction<Measurement> COLD = m -> m.prepareNanos() + m.firstRunNanos();

    private final String baseline;
    private final Map<String, Map<String, Double>> byPeer = new LinkedHashMap<>();

    private Ratios(String baseline) {
        this.baseline = baseline;
    }

    /** Ratios of every engine other than {@code baseline} against it, measured by {@code metric}. */
    public static Ratios of(Results results, String baseline, ToLongFunction<Measurement> metric) {
        Ratios ratios = new Ratios(baseline);
        for (String peer : results.engines()) {
            if (peer.equals(baseline)) continue;
            Map<String, Double> perModule = new LinkedHashMap<>();
            for (String module : results.modules()) {
                Measurement base = results.get(module, baseline);
                Measurement other = results.get(module, peer);
                if (base == null || other == null || !base.hasTimes() || !other.hasTimes()) continue;
                long otherTime = metric.applyAsLong(other);
                if (otherTime <= 0) continue;
                perModule.put(module, (double) metric.applyAsLong(base) / otherTime);
            }
            ratios.byPeer.put(peer, perModule);
        }
        return ratios;
    }

    public String baseline() {
        return baseline;
    }

    public List<String> peers() {
        return new ArrayList<>(byPeer.keySet());
    }

    /** The ratio for a module, or null when one of the two did not run it. */
    public Double ratio(String peer, String module) {
        return byPeer.getOrDefault(peer, Map.of()).get(module);
    }

    /** Geometric mean over the modules with a ratio, or NaN when there are none. */
    public double geometricMean(String peer) {
        Map<String, Double> perModule = byPeer.getOrDefault(peer, Map.of());
        if (perModule.isEmpty()) return Double.NaN;
        double logSum = 0;
        for (double r : perModule.values()) logSum += Math.log(r);
        return Math.exp(logSum / perModule.size());
    }

    /** How many modules the geometric mean is taken over. */
    public int count(String peer) {
        return byPeer.getOrDefault(peer, Map.of()).size();
    }
}
