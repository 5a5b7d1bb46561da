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
        if (expected == null || sameIgnoringFinalNewlines(expected, actual)) return null;
        int at = Arrays.mismatch(expected, actual);
        return stream + " differs from " + stream + ".expected at byte " + at + " (expected " + expected.length
                + " bytes, got " + actual.length + ")";
    }

    /**
     * Equal, or equal but for line ends at the very end: some expected files were stored without the final
     * newline the programs print (libsodium's {@code default.stdout.expected} is "0"; every engine prints "0\n").
     */
    static boolean sameIgnoringFinalNewlines(byte[] expected, byte[] actual) {
        return Arrays.equals(expected, 0, withoutFinalNewlines(expected), actual, 0, withoutFinalNewlines(actual));
    }

    private static int withoutFinalNewlines(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) end--;
        return end;
    }
}
