package dev.gatun.benchmarks;

import java.io.IOException;
import java.util.Arrays;

/** Compares a run's exit code and output with the module's expected files; returns what differs, or null. */
final class OutputCheck {
    private OutputCheck() {
    }

    static String mismatch(CorpusModule module, RunResult result) throws IOException {
        if (result.exitCode() != 0) return "exit code " + result.exitCode();
        String stdout = differs("stdout", module.expectedStdout(), result.stdout());
        return stdout != null ? stdout : differs("stderr", module.expectedStderr(), result.stderr());
    }

    private static String differs(String stream, byte[] expected, byte[] actual) {
        if (expected == null || Arrays.equals(expected, actual)) return null;
        int at = Arrays.mismatch(expected, actual);
        return stream + " differs from " + stream + ".expected at byte " + at + " (expected " + expected.length
                + " bytes, got " + actual.length + ")";
    }
}
