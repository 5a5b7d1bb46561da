package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementTest {
    @Test
    void firstRunIsColdAndTheRestAreWarm() {
        Measurement m = new Measurement("quicksort", "wasmtime");
        m.ran(900);
        m.ran(300);
        m.ran(100);
        m.ran(200);
        assertThat(m.firstRunNanos()).isEqualTo(900);
        assertThat(m.warmRuns()).isEqualTo(3);
        assertThat(m.bestNanos()).isEqualTo(100);
        assertThat(m.medianNanos()).isEqualTo(200);
    }

    @Test
    void warmUpRunsAreCountedButNotMeasured() {
        Measurement m = new Measurement("bz2", "gatun");
        m.ran(900);
        m.warmedUp();
        m.warmedUp();
        m.ran(100);
        assertThat(m.warmupRuns()).isEqualTo(2);
        assertThat(m.warmRuns()).isEqualTo(1);
        assertThat(m.medianNanos()).isEqualTo(100);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Measurement m = new Measurement("quicksort", "wasmtime");
        m.ran(1000);
        m.ran(400);
        m.ran(100);
        m.ran(200);
        m.ran(300);
        assertThat(m.medianNanos()).isEqualTo(250);
    }

    @Test
    void withoutWarmRunsTheFirstRunStandsInAndWithoutRunsNothingDoes() {
        Measurement once = new Measurement("noop", "node");
        once.ran(42);
        assertThat(once.bestNanos()).isEqualTo(42);
        assertThat(once.medianNanos()).isEqualTo(42);
        Measurement never = new Measurement("noop", "gatun");
        never.skipped("no WASI");
        assertThat(never.hasTimes()).isFalse();
        assertThat(never.medianNanos()).isEqualTo(-1);
        assertThat(never.note()).isEqualTo("no WASI");
    }
}
