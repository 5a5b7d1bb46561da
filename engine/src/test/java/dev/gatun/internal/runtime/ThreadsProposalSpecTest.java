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
 * Runs the threads proposal's scripts (which replace core's files of the same name) through the compiler:
 * every command must pass, none may be skipped. Only when {@code -Dgatun.testsuite} names the suite's folder.
 */
class ThreadsProposalSpecTest {
    @Test
    void threadsProposalScriptsPassWithoutSkips() throws IOException {
        String suite = System.getProperty("gatun.testsuite", "");
        assumeTrue(!suite.isBlank(), "gatun.testsuite not given");
        Path threads = Path.of(suite).resolve("proposals/threads");
        assumeTrue(Files.isDirectory(threads), "no proposals/threads in " + suite);
        List<Path> paths;
        try (Stream<Path> files = Files.list(threads)) {
            paths = files.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
        }
        SuiteRunner runner = new SuiteRunner(new ScriptRunner(FrontEnd.standard(), new CompiledExecution()),
                Duration.ofMinutes(2));
        RunReport report = runner.run(paths, file -> { });
        for (FileReport file : report.files()) {
            System.out.printf("%-16s %s%n", file.file(), file.counts());
            file.failures().stream().limit(10).forEach(f -> System.out.println("    " + f));
        }
        System.out.println("TOTAL " + report.total());
        assertThat(paths).hasSize(4);
        assertThat(report.total().passed()).isGreaterThan(400);
        assertThat(report.total().failed()).as("failed commands").isZero();
        assertThat(report.total().skipped()).as("skipped commands").isZero();
    }
}
