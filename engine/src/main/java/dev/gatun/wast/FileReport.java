package dev.gatun.wast;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The results of one script. {@code file} is the display path (e.g. {@code core/i32.wast}); {@code byKind}
 * counts per command name ({@code module}, {@code assert_return}, ...; {@code script} for whole-file
 * failures); {@code skipReasons} counts skipped commands per reason.
 */
public record FileReport(String file, SortedMap<String, Counts> byKind, List<Failure> failures,
                         SortedMap<String, Integer> skipReasons) {

    public FileReport {
        byKind = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(byKind));
        failures = List.copyOf(failures);
        skipReasons = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(skipReasons));
    }

    public Counts counts() {
        Counts sum = Counts.ZERO;
        for (Map.Entry<String, Counts> entry : byKind.entrySet()) sum = sum.plus(entry.getValue());
        return sum;
    }

    public Counts counts(String kind) {
        return byKind.getOrDefault(kind, Counts.ZERO);
    }
}
