package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportsTest {
    @Test
    void markdownHasTimesStatusesRatiosAndMeans() {
        String md = MarkdownReport.render(RatiosTest.sample(), "gatun", "header line");
        assertThat(md).contains("header line")
                .contains("| a | gatun | 0.000 | 0.000 | 0.000 | 0.000 | 0 | 2 | ok |")
                .contains("| c | gatun | – | – | – | – | 0 | 0 | skipped: SIMD |")
                .contains("| a | 2.00x |")
                .contains("| b | 0.25x |")
                .contains("**0.71x** (2)");
    }

    @Test
    void csvHasOneRowPerModuleAndEngineWithRatios() {
        String[] lines = CsvReport.render(RatiosTest.sample(), "gatun").split("\n");
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines[0]).startsWith("module,engine,status,prepare_ns");
        assertThat(lines).contains("a,wasmtime,OK,10,40,10,10,2,2.0000,1.2000,\"\"");
        assertThat(lines).contains("c,gatun,SKIPPED,-1,-1,-1,-1,0,,,\"SIMD\"");
    }

    @Test
    void chartDrawsOneBarPerRatioPlusTheMean() {
        String svg = RatioChart.render(RatiosTest.sample(), Ratios.of(RatiosTest.sample(), "gatun", Ratios.WARM));
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
        assertThat(svg.split("<title>", -1)).hasSize(1 + 3);
        assertThat(svg).contains("a vs wasmtime: 2.00x").contains("geometric mean vs wasmtime: 0.71x");
    }

    @Test
    void chartSaysSoWhenThereIsNothingToCompare() {
        Results results = new Results();
        Measurement skipped = new Measurement("a", "gatun");
        skipped.skipped("no WASI");
        results.add(skipped);
        results.add(RatiosTest.timed("a", "wasmtime", 1, 1));
        assertThat(RatioChart.render(results, Ratios.of(results, "gatun", Ratios.WARM))).contains("No ratios");
    }
}
