package dev.gatun.internal.wast;

import dev.gatun.wast.Counts;
import dev.gatun.wast.Failure;
import dev.gatun.wast.FileReport;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Collects the results of one script while it runs. Shared between the thread running the script and the
 * one watching its time: once {@link #abandon abandoned} (timed out), later results are ignored, so the
 * report stays as it was when time ran out.
 */
final class FileTally {
    private final String file;
    private final TreeMap<String, Counts> byKind = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final TreeMap<String, Integer> skipReasons = new TreeMap<>();
    private int currentLine = Failure.WHOLE_FILE;
    private boolean abandoned;

    FileTally(String file) {
        this.file = file;
    }

    synchronized void startCommand(int line) {
        currentLine = line;
    }

    synchronized void record(String kind, int line, Outcome outcome) {
        if (abandoned) return;
        Counts counts = switch (outcome) {
            case Outcome.Passed p -> new Counts(1, 0, 0);
            case Outcome.Failed f -> {
                failures.add(new Failure(line, kind + ": " + f.message()));
                yield new Counts(0, 1, 0);
            }
            case Outcome.Skipped s -> {
                skipReasons.merge(s.reason(), 1, Integer::sum);
                yield new Counts(0, 0, 1);
            }
        };
        byKind.merge(kind, counts, Counts::plus);
    }

    /** A failure of the file as a whole (unreadable, not a script). */
    synchronized void fileFailed(String message) {
        if (abandoned) return;
        failures.add(new Failure(Failure.WHOLE_FILE, message));
        byKind.merge(CommandKind.SCRIPT, new Counts(0, 1, 0), Counts::plus);
    }

    /** Stops the tally: records a failure at the command that was running, then ignores further results. */
    synchronized void abandon(String message) {
        if (abandoned) return;
        failures.add(new Failure(currentLine, message));
        byKind.merge(CommandKind.SCRIPT, new Counts(0, 1, 0), Counts::plus);
        abandoned = true;
    }

    synchronized boolean isAbandoned() {
        return abandoned;
    }

    synchronized FileReport report() {
        return new FileReport(file, byKind, failures, skipReasons);
    }
}
