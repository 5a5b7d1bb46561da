package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusModuleTest {
    @TempDir
    Path corpus;

    @Test
    void namesBenchmarkWasmByFolderAndOthersByStem() throws IOException {
        Files.createDirectories(corpus.resolve("quicksort"));
        Files.write(corpus.resolve("quicksort/benchmark.wasm"), new byte[0]);
        Files.createDirectories(corpus.resolve("shootout"));
        Files.write(corpus.resolve("shootout/shootout-sieve.wasm"), new byte[0]);
        Files.write(corpus.resolve("shootout/shootout-fib2.wasm"), new byte[0]);
        Files.writeString(corpus.resolve("shootout/shootout-fib2.stdout.expected"), "ok\n");
        Files.writeString(corpus.resolve("README.md"), "not a module");

        var modules = CorpusModule.discover(corpus);

        assertThat(modules).extracting(CorpusModule::name).containsExactly("quicksort", "shootout-fib2", "shootout-sieve");
        assertThat(modules.get(0).stem()).isEqualTo("benchmark");
        assertThat(modules.get(1).expectedStdout()).isEqualTo("ok\n".getBytes());
        assertThat(modules.get(1).expectedStderr()).as("missing = unchecked").isNull();
        assertThat(modules.get(2).folder()).isEqualTo(corpus.resolve("shootout").toAbsolutePath());
    }

    @Test
    void missingCorpusIsReportedWithItsPath() {
        assertThatThrownBy(() -> CorpusModule.discover(corpus.resolve("nope")))
                .isInstanceOf(IOException.class).hasMessageContaining("nope");
    }

    @Test
    void outputCheckComparesExitCodeAndExpectedStreams() throws IOException {
        Files.write(corpus.resolve("benchmark.wasm"), new byte[0]);
        Files.writeString(corpus.resolve("benchmark.stdout.expected"), "hello\n");
        CorpusModule module = CorpusModule.of(corpus.resolve("benchmark.wasm"));

        assertThat(OutputCheck.mismatch(module, new RunResult(1, 0, "hello\n".getBytes(), "anything".getBytes()))).isNull();
        assertThat(OutputCheck.mismatch(module, new RunResult(1, 0, "help\n".getBytes(), new byte[0])))
                .isEqualTo("stdout differs from stdout.expected at byte 3 (expected 6 bytes, got 5)");
        assertThat(OutputCheck.mismatch(module, new RunResult(1, 3, "hello\n".getBytes(), new byte[0])))
                .isEqualTo("exit code 3");
        // only line ends at the very end may differ (libsodium's expected "0" against the printed "0\n")
        assertThat(OutputCheck.mismatch(module, new RunResult(1, 0, "hello".getBytes(), new byte[0]))).isNull();
        assertThat(OutputCheck.mismatch(module, new RunResult(1, 0, "hel\nlo\n".getBytes(), new byte[0]))).isNotNull();
    }
}
