package dev.gatun.cli;

import dev.gatun.WasmException;
import dev.gatun.wasi.WasiConfig;
import dev.gatun.wasi.WasiProgram;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One test of the WASI test suite layout: NAME.wasm with an optional NAME.json beside it. */
final class WasiTestCase {
    enum Status { PASSED, FAILED, SKIPPED }

    /** The outcome and, unless passed, why. */
    record Outcome(Status status, String detail) {}

    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    private WasiTestCase() {}

    static Outcome run(Path wasm) {
        String name = wasm.getFileName().toString().replaceFirst("\\.wasm$", "");
        Path specFile = wasm.resolveSibling(name + ".json");
        Path scratch = null;
        try {
            Map<?, ?> spec = Files.exists(specFile)
                    ? (Map<?, ?>) JsonReader.parse(Files.readString(specFile)) : Map.of();
            if (spec.get("operations") instanceof List<?> operations) {
                for (Object op : operations) {
                    Object type = op instanceof Map<?, ?> m ? m.get("type") : null;
                    if ("connect".equals(type) || "send".equals(type) || "recv".equals(type)) {
                        return new Outcome(Status.SKIPPED, "socket operations need a network proposal");
                    }
                }
                return new Outcome(Status.SKIPPED, "the \"operations\" format is not supported yet");
            }
            WasiConfig.Builder config = WasiConfig.builder().args(name + ".wasm");
            if (spec.get("args") instanceof List<?> args) for (Object a : args) config.args(String.valueOf(a));
            if (spec.get("env") instanceof Map<?, ?> env) {
                for (Map.Entry<?, ?> e : env.entrySet()) config.env(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
            if (spec.get("root") instanceof String root) {
                scratch = Files.createTempDirectory("gatun-wasi-test-");
                Path copy = scratch.resolve(Path.of(root).getFileName().toString());
                DirectoryCopy.copy(wasm.resolveSibling(root), copy);
                config.preopen(copy, "/");
            }
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            config.stdout(stdout).stderr(stderr);
            int expectedExit = spec.get("exit_code") instanceof Long code ? code.intValue() : 0;
            WasiProgram program = WasiProgram.load(wasm);
            WasiConfig built = config.build();
            int exit = RunSubcommand.onLargeStack(() -> program.invoke(built, "_start", TIME_LIMIT));
            if (exit != expectedExit) {
                return new Outcome(Status.FAILED, "exit code " + exit + ", expected " + expectedExit
                        + firstLine(stderr));
            }
            if (spec.get("stdout") instanceof String expected && !expected.equals(stdout.toString(StandardCharsets.UTF_8))) {
                return new Outcome(Status.FAILED, "stdout differs: " + quote(stdout.toString(StandardCharsets.UTF_8)));
            }
            if (spec.get("stderr") instanceof String expected && !expected.equals(stderr.toString(StandardCharsets.UTF_8))) {
                return new Outcome(Status.FAILED, "stderr differs: " + quote(stderr.toString(StandardCharsets.UTF_8)));
            }
            return new Outcome(Status.PASSED, "");
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return new Outcome(Status.FAILED, "cannot set up: " + e.getMessage());
        } catch (WasmException e) {
            return new Outcome(Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (scratch != null) DirectoryCopy.deleteTree(scratch);
        }
    }

    private static String firstLine(ByteArrayOutputStream stderr) {
        String text = stderr.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) return "";
        int nl = text.indexOf('\n');
        return " (stderr: " + (nl < 0 ? text : text.substring(0, nl)) + ")";
    }

    private static String quote(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }
}
