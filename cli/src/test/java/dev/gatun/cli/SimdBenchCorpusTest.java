package dev.gatun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sightglass modules that need SIMD run to completion with their expected output (only when
 * {@code -Dgatun.benchcorpus} names the corpus folder: they take seconds).
 */
class SimdBenchCorpusTest {
    @ParameterizedTest
    @ValueSource(strings = {"blake3-simd", "intgemm-simd"})
    void simdBenchmarksProduceTheirExpectedOutput(String name) {
        String corpus = System.getProperty("gatun.benchcorpus", "");
        assumeTrue(!corpus.isBlank(), "gatun.benchcorpus not given");
        Path wasm = Path.of(corpus, name, "benchmark.wasm");
        assumeTrue(Files.exists(wasm), wasm + " not found");
        BenchModule.Outcome outcome = BenchModule.run(wasm, Duration.ofMinutes(5));
        assertThat(outcome.status()).as(outcome.detail()).isEqualTo(BenchModule.Status.PASSED);
        assertThat(outcome.measuredNanos()).isPositive();
    }
}
