package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.internal.wast.FrontEnd;
import dev.gatun.internal.wast.ScriptRunner;
import dev.gatun.internal.wast.SuiteRunner;
import dev.gatun.wast.FileReport;
import dev.gatun.wast.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every SIMD spec script ({@code simd_*.wast}) and the relaxed-SIMD ones with the compiler (only when
 * {@code -Dgatun.testsuite} names the suite's folder), prints per-file counts and requires that no command
 * fails and none is skipped.
 */
class SimdSpecExecutionTest {
    private static final List<String> RELAXED = List.of("i8x16_relaxed_swizzle.wast", "i16x8_relaxed_q15mulr_s.wast",
            "i32x4_relaxed_trunc.wast");

    @Test
    void simdScriptsPassWithoutSkips() throws IOException {
        String suite = System.getProperty("gatun.testsuite", "");
        assumeTrue(!suite.isBlank(), "gatun.testsuite not given");
        Path core = Path.of(suite).resolve("core");
        if (!Files.isDirectory(core)) core = Path.of(suite);
        String only = System.getProperty("gatun.simdFiles", "");
        List<Path> paths;
        try (Stream<Path> files = Files.list(core)) {
            paths = files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("simd_") && name.endsWith(".wast") || name.startsWith("relaxed_")
                        || RELAXED.contains(name);
            }).filter(p -> only.isBlank() || p.getFileName().toString().contains(only)).sorted().toList();
        }
        assertThat(paths).isNotEmpty();
        SuiteRunner runner = new SuiteRunner(new ScriptRunner(FrontEnd.standard(), new CompiledExecution()),
                Duration.ofMinutes(2));
        RunReport report = runner.run(paths, file -> { });
        for (FileReport file : report.files()) {
            System.out.printf("%-44s %s%n", file.file(), file.counts());
            file.failures().stream().limit(Integer.getInteger("gatun.showFailures", 3))
                    .forEach(f -> System.out.println("    " + f));
        }
        System.out.println("SIMD TOTAL " + report.total() + " by kind " + report.byKind());
        assertThat(report.total().passed()).isPositive();
        assertThat(report.total().failed()).as("failed commands").isZero();
        assertThat(report.total().skipped()).as("skipped commands").isZero();
    }
}
