package dev.gatun.cli;

import dev.gatun.WasmException;
import dev.gatun.wasi.WasiConfig;
import dev.gatun.wasi.WasiProgram;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * One sightglass benchmark module: run as a WASI command in its own folder (preopened as {@code .}), with
 * {@code bench.start}/{@code bench.end} timing the measured region and its expected output checked.
 */
final class BenchModule {
    enum Status { PASSED, FAILED, SKIPPED }

    /** The outcome; {@code measuredNanos} is the time between bench.start and bench.end (or -1). */
    record Outcome(Status status, String detail, long measuredNanos) {}

    private BenchModule() {}

    static Outcome run(Path wasm, Duration timeLimit) {
        String fileName = wasm.getFileName().toString();
        String stem = fileName.equals("benchmark.wasm") ? "benchmark" : fileName.replaceFirst("\\.wasm$", "");
        Path folder = wasm.toAbsolutePath().getParent();
        long[] marks = {-1, -1};
        try {
            WasiProgram program = WasiProgram.load(wasm)
                    .withHostAction("bench", "start", () -> marks[0] = System.nanoTime())
                    .withHostAction("bench", "end", () -> marks[1] = System.nanoTime());
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            WasiConfig config = WasiConfig.builder().args(fileName).preopen(folder, ".")
                    .stdout(stdout).stderr(stderr).build();
            int exit = RunSubcommand.onLargeStack(() -> program.invoke(config, "_start", timeLimit));
            long measured = marks[0] >= 0 && marks[1] >= marks[0] ? marks[1] - marks[0] : -1;
            if (exit != 0) return new Outcome(Status.FAILED, "exit code " + exit, measured);
            String mismatch = compare(folder, stem, "stdout", stdout.toByteArray());
            if (mismatch == null) mismatch = compare(folder, stem, "stderr", stderr.toByteArray());
            if (mismatch != null) return new Outcome(Status.FAILED, mismatch, measured);
            if (measured < 0) return new Outcome(Status.FAILED, "bench.start/bench.end were not both called", -1);
            return new Outcome(Status.PASSED, "", measured);
        } catch (IOException e) {
            return new Outcome(Status.FAILED, "cannot read: " + e.getMessage(), -1);
        } catch (WasmException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("not supported")) return new Outcome(Status.SKIPPED, message, -1);
            return new Outcome(Status.FAILED, e.getClass().getSimpleName() + ": " + message, -1);
        }
    }

    /** Null when {@code actual} equals the expected file (stem's, else the folder's default), or none exists. */
    private static String compare(Path folder, String stem, String stream, byte[] actual) throws IOException {
        Path expected = folder.resolve(stem + "." + stream + ".expected");
        if (!Files.exists(expected)) expected = folder.resolve("default." + stream + ".expected");
        if (!Files.exists(expected)) return null;
        byte[] wanted = Files.readAllBytes(expected);
        // line ends at the very end do not count: libsodium's default.stdout.expected is "0", its programs print "0\n"
        if (Arrays.equals(wanted, 0, withoutFinalNewlines(wanted), actual, 0, withoutFinalNewlines(actual))) return null;
        return stream + " differs from " + expected.getFileName() + " (" + actual.length + " bytes, expected "
                + wanted.length + ")";
    }

    private static int withoutFinalNewlines(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) end--;
        return end;
    }
}
