package dev.gatun.wast;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The results of a run over one or more scripts, in the order they ran. */
public record RunReport(List<FileReport> files) {

    public RunReport {
        files = List.copyOf(files);
    }

    public Counts total() {
        Counts sum = Counts.ZERO;
        for (FileReport file : files) sum = sum.plus(file.counts());
        return sum;
    }

    /** Counts per command kind, summed over all files, by kind name. */
    public SortedMap<String, Counts> byKind() {
        SortedMap<String, Counts> sum = new TreeMap<>();
        for (FileReport file : files) {
            file.byKind().forEach((kind, counts) -> sum.merge(kind, counts, Counts::plus));
        }
        return sum;
    }

    public boolean hasFailures() {
        return total().failed() > 0;
    }

    /** The report as JSON (see {@link JsonReport} for the shape). */
    public String toJson() {
        return JsonReport.write(this);
    }
}
