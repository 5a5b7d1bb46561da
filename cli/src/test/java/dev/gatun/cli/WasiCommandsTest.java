package dev.gatun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** gatun run, wasi-test and bench-corpus, in-process (guest stdio goes to System.out/err, captured here). */
class WasiCommandsTest {
    private static final Path EXAMPLE = Path.of("../examples/wasi").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream guestErr = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void captureStdio() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(guestOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(guestErr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdio() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int gatun(String... args) {
        CommandLine commandLine = GatunCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String guestOut() {
        return guestOut.toString(StandardCharsets.UTF_8);
    }

    private static final String EXIT_WITH = """
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (func (export "_start") %s))
        """;

    @Test
    void runsTheCheckedInCProgramWithAPreopenArgsAndEnv() {
        String dir = EXAMPLE + "::.";
        int exit = gatun("run", "--dir", dir, "--env", "GREETING=hello", EXAMPLE.resolve("wordcount.wasm").toString(),
                "panama.txt");

        assertThat(guestOut()).isEqualTo("hello\n      2       7      32 panama.txt\n");
        assertThat(exit).isZero();
    }

    @Test
    void theGuestsExitCodeIsTheCommandsAndItsErrorsGoToStderr() {
        int exit = gatun("run", "--dir", EXAMPLE + "::.", EXAMPLE.resolve("wordcount.wasm").toString(), "missing.txt");

        assertThat(exit).isEqualTo(1);
        assertThat(guestErr.toString(StandardCharsets.UTF_8)).isEqualTo("missing.txt: No such file or directory\n");
    }

    @Test
    void withoutThePreopenTheFileCannotBeReached() {
        int exit = gatun("run", EXAMPLE.resolve("wordcount.wasm").toString(), EXAMPLE.resolve("panama.txt").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(guestOut()).isEmpty();
    }

    @Test
    void procExitAndTrapsFromATextModule() throws IOException {
        Path exits = Files.writeString(temp.resolve("exit.wat"), EXIT_WITH.formatted("(call $exit (i32.const 7))"));
        Path traps = Files.writeString(temp.resolve("trap.wat"), EXIT_WITH.formatted("unreachable"));

        assertThat(gatun("run", exits.toString())).isEqualTo(7);
        assertThat(gatun("run", traps.toString())).isEqualTo(RunSubcommand.TRAPPED);
        assertThat(err.toString()).startsWith("gatun run: trap: unreachable").hasLineCount(1);
    }

    @Test
    void invokeCallsAnotherExport() throws IOException {
        Path module = Files.writeString(temp.resolve("m.wat"), """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start") (call $exit (i32.const 1)))
              (func (export "other") (call $exit (i32.const 5))))
            """);

        assertThat(gatun("run", "--invoke", "other", module.toString())).isEqualTo(5);
    }

    @Test
    void aTimeoutInterruptsAnEndlessLoop() throws IOException {
        Path module = Files.writeString(temp.resolve("loop.wat"), EXIT_WITH.formatted("(loop $l (br $l))"));

        assertThat(gatun("run", "--timeout", "200ms", module.toString())).isEqualTo(RunSubcommand.TRAPPED);
        assertThat(err.toString()).startsWith("gatun run: trap: ");
    }

    @Test
    void negativeFuelAndBadModulesAreBadArguments() throws IOException {
        Path module = Files.writeString(temp.resolve("x.wat"), EXIT_WITH.formatted(""));
        assertThat(gatun("run", "--fuel", "-1", module.toString())).isEqualTo(RunSubcommand.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("--fuel must not be negative");

        Path broken = Files.writeString(temp.resolve("broken.wat"), "(module (func (i32.frobnicate)))");
        assertThat(gatun("run", broken.toString())).isEqualTo(RunSubcommand.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("broken.wat");
    }

    @Test
    void wasiTestRunsTheSuiteLayoutAndCountsOutcomes() throws IOException {
        Path suite = Files.createDirectories(temp.resolve("suite"));
        Files.writeString(suite.resolve("exits.wasm"), EXIT_WITH.formatted("(call $exit (i32.const 3))"));
        Files.writeString(suite.resolve("exits.json"), "{\"exit_code\": 3}");
        Files.writeString(suite.resolve("wrong.wasm"), EXIT_WITH.formatted("(call $exit (i32.const 1))"));
        Files.writeString(suite.resolve("net.wasm"), EXIT_WITH.formatted(""));
        Files.writeString(suite.resolve("net.json"), "{\"operations\": [{\"type\": \"connect\"}]}");
        Files.writeString(temp.resolve("README.md"), "not a folder: ignored");

        int exit = gatun("wasi-test", suite.toString(), temp.resolve("README.md").toString());

        assertThat(out.toString().lines()).containsExactly(
                suite.resolve("exits.wasm") + ": passed",
                suite.resolve("net.wasm") + ": skipped: socket operations need a network proposal",
                suite.resolve("wrong.wasm") + ": failed: exit code 1, expected 0",
                "1 passed, 1 failed, 1 skipped");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void benchCorpusTimesTheMeasuredRegionAndChecksOutput() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("corpus/hello"));
        Files.writeString(folder.resolve("benchmark.wasm"), """
            (module
              (import "bench" "start" (func $start))
              (import "bench" "end" (func $end))
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 64) "ok\\n")
              (func (export "_start")
                (call $start)
                (i32.store (i32.const 0) (i32.const 64))
                (i32.store (i32.const 4) (i32.const 3))
                (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (call $end)))
            """);
        Files.writeString(folder.resolve("benchmark.stdout.expected"), "ok"); // a final line end may differ
        Path other = Files.createDirectories(temp.resolve("corpus/other"));
        Files.writeString(other.resolve("benchmark.wasm"), EXIT_WITH.formatted("(call $exit (i32.const 0))"));
        Files.writeString(other.resolve("benchmark.stdout.expected"), "something\n");

        int exit = gatun("bench-corpus", temp.resolve("corpus").toString());

        var lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches(".*hello/benchmark\\.wasm: passed \\d+\\.\\d{3} ms");
        assertThat(lines.get(1)).matches(".*other/benchmark\\.wasm: failed: stdout differs from benchmark.stdout.expected.*");
        assertThat(lines.get(2)).isEqualTo("1 passed, 1 failed, 0 skipped");
        assertThat(exit).isEqualTo(1);
    }
}
