package dev.gatun.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A setup check that fails stops the benchmark, and says what was wrong. */
class BenchmarkChecksTest {
    @Test
    void aWrongResultStopsTheBenchmarkNamingWhatWasExpected() {
        assertThatThrownBy(() -> BenchmarkChecks.expect("gatun add(40, 2)", 41, 42))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gatun add(40, 2)").hasMessageContaining("expected 42 but got 41");
        assertThatThrownBy(() -> BenchmarkChecks.expect("fuel was consumed", false)).hasMessageContaining("fuel was consumed");
    }

    @Test
    void aRightResultPasses() {
        assertThatCode(() -> BenchmarkChecks.expect("add", 42, 42)).doesNotThrowAnyException();
        assertThatCode(() -> BenchmarkChecks.expect("holds", true)).doesNotThrowAnyException();
    }
}
