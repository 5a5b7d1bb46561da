package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {
    @Test
    void defaultsRunAllEnginesFiveWarmRunsAgainstGatun() {
        RunnerOptions options = RunnerOptions.parse();
        assertThat(options.engines()).isEqualTo(RunnerOptions.ALL_ENGINES);
        assertThat(options.warmIterations()).isEqualTo(5);
        assertThat(options.baseline()).isEqualTo("gatun");
        assertThat(options.modules()).isEmpty();
        assertThat(options.out().getFileName().toString()).isEqualTo("corpus");
        assertThat(options.runTimeout()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(RunnerOptions.parse("--run-timeout", "5").runTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(options.warmup()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(RunnerOptions.parse("--warmup", "0").warmup()).isZero();
        assertThat(options.jitWait()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(RunnerOptions.parse("--jit-wait", "3").jitWait()).isEqualTo(java.time.Duration.ofSeconds(3));
    }

    @Test
    void smokeIsOneModuleAndOneRun() {
        RunnerOptions options = RunnerOptions.parse("--smoke", "--corpus", "/c");
        assertThat(options.modules()).containsExactly("shootout-ackermann");
        assertThat(options.warmIterations()).isZero();
        assertThat(options.warmup()).isZero();
        assertThat(options.corpus()).isEqualTo(Path.of("/c"));
        assertThat(options.prepareOnly()).isFalse();
        assertThat(RunnerOptions.parse("--prepare-only").prepareOnly()).isTrue();
    }

    @Test
    void listsAndNumbersAreParsed() {
        RunnerOptions options = RunnerOptions.parse("--modules", "bz2, regex", "--engines", "wasmtime,gatun",
                "--iterations", "9", "--baseline", "wasmtime", "--out", "/tmp/x");
        assertThat(options.modules()).containsExactly("bz2", "regex");
        assertThat(options.engines()).containsExactly("wasmtime", "gatun");
        assertThat(RunnerOptions.parse("--engines", "gatun,gatun-unchecked").engines())
                .containsExactly("gatun", "gatun-unchecked");
        assertThat(options.warmIterations()).isEqualTo(9);
        assertThat(options.baseline()).isEqualTo("wasmtime");
        assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> RunnerOptions.parse("--engines", "v8")).hasMessageContaining("unknown engine: v8");
        assertThatThrownBy(() -> RunnerOptions.parse("--iterations", "-1")).hasMessageContaining("--iterations");
        assertThatThrownBy(() -> RunnerOptions.parse("--modules")).hasMessageContaining("--modules needs a value");
        assertThatThrownBy(() -> RunnerOptions.parse("--fast")).hasMessageContaining("unknown argument: --fast");
    }
}
