package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the runner drives node: the flag that keeps node 20 alive in WASI calls, what it reports when node dies
 * (checked with a stand-in executable, so without node), and, where node and the corpus are present, a module
 * that used to crash node after a few runs.
 */
class NodeEngineTest {
    @TempDir
    Path dir;

    @Test
    void nodeRunsWithoutFastApiCallsBeforeTheScript() {
        CorpusModule module = new CorpusModule("m", dir.resolve("m.wasm"), "m");
        assertThat(NodeEngine.command("node", Path.of("runner.mjs"), module))
                .containsSubsequence("node", NodeEngine.NO_FAST_API_CALLS, "runner.mjs", dir.resolve("m.wasm").toString(), "m");
    }

    @Test
    void aNodeThatDiesIsReportedWithItsExitCodeAndStderr() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for the stand-in node");
        Path fakeNode = dir.resolve("fake-node");
        Files.writeString(fakeNode, """
                #!/bin/sh
                if [ "$1" = --version ]; then echo v0.0.0; exit 0; fi
                echo "first line" >&2
                echo "FATAL ERROR: stand-in abort" >&2
                exit 134
                """);
        Files.setPosixFilePermissions(fakeNode, PosixFilePermissions.fromString("rwx------"));
        Files.write(dir.resolve("m.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        try (NodeEngine engine = new NodeEngine(fakeNode.toString())) {
            assertThatThrownBy(() -> engine.prepare(new CorpusModule("m", dir.resolve("m.wasm"), "m")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("node exited (code 134) while answering: compile")
                    .hasMessageContaining("first line | FATAL ERROR: stand-in abort");
        }
    }

    @Test
    void blake3SimdRunsRepeatedlyUnderNode() throws Exception {
        assumeTrue(NodeEngine.isAvailable("node"), "no node on the PATH");
        Path wasm = RunnerOptions.defaultCorpus().resolve("blake3-simd/benchmark.wasm");
        assumeTrue(Files.isRegularFile(wasm), "no bench corpus module " + wasm);
        CorpusModule module = CorpusModule.of(wasm);
        try (NodeEngine engine = new NodeEngine("node"); BenchEngine.Prepared prepared = engine.prepare(module)) {
            for (int run = 0; run < 12; run++) { // node 20 with fast API calls aborted on the 5th run or so
                RunResult result = prepared.run();
                assertThat(OutputCheck.mismatch(module, result)).as("run " + run).isNull();
            }
        }
    }
}
