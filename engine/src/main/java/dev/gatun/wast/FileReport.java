package dev.gatun.wast;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The results of one script. {@code file} is the display path (e.g. {@code core/i32.wast}); {@code byKind}
 * counts per command name ({@code module}, {@code assert_return}, ...; {@code script} for whole-file
 * failures); {@code skipReasons} counts skipped commands per reason.
 */
public record FileReport(String file, SortedMap<String, Counts> byKind, List<Failure> failures,
                         SortedMap<String, Integer> skipReasons) {

    public FileReport {
        byKind = Collections.unmodifiableSortedMap(new TreeMap<>(byKind));
        failures = List.copyOf(failures);
        skipReasons = Collections.unmodifiableSortedMap(new TreeMap<>(skipReasons));
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
