package dev.gatun.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** All measurements of one run, by module then engine, in the order they were added. */
public final class Results {
    private final Map<String, Map<String, Measurement>> byModule = new LinkedHashMap<>();
    private final LinkedHashSet<String> engines = new LinkedHashSet<>();

    public void add(Measurement m) {
        byModule.computeIfAbsent(m.module(), k -> new LinkedHashMap<>()).put(m.engine(), m);
        engines.add(m.engine());
    }

    public List<String> modules() {
        return new ArrayList<>(byModule.keySet());
    }

    public List<String> engines() {
        return new ArrayList<>(engines);
    }

    /** The measurement, or null when that engine was not part of the run for that module. */
    public Measurement get(String module, String engine) {
        return byModule.getOrDefault(module, Map.of()).get(engine);
    }

    public List<Measurement> all() {
        List<Measurement> all = new ArrayList<>();
        byModule.values().forEach(m -> all.addAll(m.values()));
        return all;
    }
}
