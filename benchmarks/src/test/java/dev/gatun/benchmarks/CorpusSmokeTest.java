package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's smoke mode (one module, one run per engine) end to end, against the shared corpus when it is
 * there: every JVM peer and wasmtime's JNI binding really run a WASI module, node does where it is installed,
 * and the three reports are written.
 */
class CorpusSmokeTest {
    @TempDir
    Path out;

    @Test
    void smokeRunExercisesEveryEngineAndWritesTheReports() throws Exception {
        Path corpus = RunnerOptions.defaultCorpus();
        assumeTrue(Files.isDirectory(corpus.resolve("shootout")), "no bench corpus at " + corpus);
        RunnerOptions options = RunnerOptions.parse("--smoke", "--corpus", corpus.toString(), "--out", out.toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CorpusRunner runner = new CorpusRunner(options, new PrintStream(log, true));

        Results results = runner.run();
        runner.write(results);

        String module = RunnerOptions.SMOKE_MODULE;
        for (String peer : new String[] {"chicory-compiler", "chicory-interpreter", "wasmtime"}) {
            Measurement m = results.get(module, peer);
            assertThat(m.status()).as(peer + ": " + m.note()).isEqualTo(Measurement.Status.OK);
            assertThat(m.firstRunNanos()).as(peer).isPositive();
            assertThat(m.prepareNanos()).as(peer).isPositive();
        }
        Measurement node = results.get(module, "node");
        if (NodeEngine.isAvailable("node")) assertThat(node.status()).as(node.note()).isEqualTo(Measurement.Status.OK);
        else assertThat(node.status()).isEqualTo(Measurement.Status.SKIPPED);
        Measurement gatun = results.get(module, "gatun");
        assertThat(gatun.status()).as(gatun.note()).isEqualTo(Measurement.Status.OK);
        assertThat(gatun.firstRunNanos()).isPositive();
        assertThat(gatun.prepareNanos()).as("Gatun compiles the module").isPositive();

        assertThat(out.resolve("corpus.md")).content().contains("| shootout-ackermann | wasmtime |");
        assertThat(out.resolve("corpus.csv")).content().contains("shootout-ackermann,chicory-compiler,OK,");
        assertThat(out.resolve("corpus-ratios.svg")).content().startsWith("<svg");
        assertThat(log.toString()).contains("== shootout-ackermann");
    }
}
