package dev.gatun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the official WASI test suite (the folder named by {@code -Dgatun.wasitestsuite}, holding
 * {@code assemblyscript/}, {@code c/}, {@code rust/}) and fails on any failed test. Skipped without it.
 */
class WasiTestSuiteTest {
    @Test
    void everyTestPasses() throws IOException {
        String suite = System.getProperty("gatun.wasitestsuite", "");
        assumeTrue(!suite.isBlank(), "WASI suite not run: set -Dgatun.wasitestsuite=/path/to/wasi-testsuite");
        List<Path> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(suite), 2)) {
            files.filter(p -> p.getFileName().toString().endsWith(".wasm")).sorted().forEach(tests::add);
        }
        assertThat(tests).as("no .wasm tests under " + suite).isNotEmpty();

        List<String> failures = new ArrayList<>();
        int passed = 0;
        int skipped = 0;
        for (Path test : tests) {
            WasiTestCase.Outcome outcome = WasiTestCase.run(test);
            switch (outcome.status()) {
                case PASSED -> passed++;
                case SKIPPED -> skipped++;
                case FAILED -> failures.add(test + ": " + outcome.detail());
            }
        }
        System.out.println("WASI suite: " + passed + " passed, " + failures.size() + " failed, " + skipped + " skipped");
        assertThat(failures).isEmpty();
    }
}
