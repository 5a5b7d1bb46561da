package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatiosTest {
    static Measurement timed(String module, String engine, long prepare, long... runs) {
        Measurement m = new Measurement(module, engine);
        m.prepared(prepare);
        for (long run : runs) m.ran(run);
        return m;
    }

    static Results sample() {
        Results results = new Results();
        results.add(timed("a", "gatun", 10, 50, 20, 20));
        results.add(timed("a", "wasmtime", 10, 40, 10, 10));
        results.add(timed("b", "gatun", 10, 50, 10, 10));
        results.add(timed("b", "wasmtime", 10, 50, 40, 40));
        Measurement skipped = new Measurement("c", "gatun");
        skipped.skipped("SIMD");
        results.add(skipped);
        results.add(timed("c", "wasmtime", 10, 5, 5));
        return results;
    }

    @Test
    void warmRatioIsBaselineMedianOverPeerMedian() {
        Ratios ratios = Ratios.of(sample(), "gatun", Ratios.WARM);
        assertThat(ratios.peers()).containsExactly("wasmtime");
        assertThat(ratios.ratio("wasmtime", "a")).isEqualTo(2.0);
        assertThat(ratios.ratio("wasmtime", "b")).isEqualTo(0.25);
        assertThat(ratios.ratio("wasmtime", "c")).as("baseline skipped").isNull();
    }

    @Test
    void geometricMeanCoversOnlyModulesBothRan() {
        Ratios ratios = Ratios.of(sample(), "gatun", Ratios.WARM);
        assertThat(ratios.count("wasmtime")).isEqualTo(2);
        assertThat(ratios.geometricMean("wasmtime")).isCloseTo(Math.sqrt(2.0 * 0.25), within(1e-12));
    }

    @Test
    void coldRatioAddsPrepareToTheFirstRun() {
        Ratios ratios = Ratios.of(sample(), "gatun", Ratios.COLD);
        assertThat(ratios.ratio("wasmtime", "a")).isEqualTo(60.0 / 50.0);
    }

    @Test
    void noCommonModuleGivesNoMean() {
        Results results = new Results();
        Measurement skipped = new Measurement("a", "gatun");
        skipped.skipped("no WASI");
        results.add(skipped);
        results.add(timed("a", "wasmtime", 1, 1));
        assertThat(Ratios.of(results, "gatun", Ratios.WARM).geometricMean("wasmtime")).isNaN();
    }
}
