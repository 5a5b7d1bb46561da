package dev.gatun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The WasmGC benchmark {@code splay} from the sightglass corpus (the folder named by
 * {@code -Dgatun.benchcorpus}) runs to completion with its expected stdout and stderr. Skipped without it.
 */
class SplayBenchmarkTest {
    @Test
    void splayRunsWithItsExpectedOutput() {
        String corpus = System.getProperty("gatun.benchcorpus", "");
        assumeTrue(!corpus.isBlank(), "splay not run: set -Dgatun.benchcorpus=/path/to/bench-corpus");
        Path splay = Path.of(corpus, "splay", "splay.wasm");
        assertThat(splay).as("the corpus has no splay/splay.wasm").exists();
        assertThat(Files.exists(splay.resolveSibling("splay.stdout.expected"))).isTrue();

        BenchModule.Outcome outcome = BenchModule.run(splay, Duration.ofMinutes(5));

        assertThat(outcome.status()).as(outcome.detail()).isEqualTo(BenchModule.Status.PASSED);
        assertThat(outcome.measuredNanos()).isPositive();
    }
}
