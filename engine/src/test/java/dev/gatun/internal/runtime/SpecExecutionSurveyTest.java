package dev.gatun.internal.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.internal.wast.FrontEnd;
import dev.gatun.internal.wast.ScriptRunner;
import dev.gatun.internal.wast.SuiteRunner;
import dev.gatun.wast.FileReport;
import dev.gatun.wast.RunReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opt-in survey (-Dgatun.survey=folder): runs a whole folder with execution and prints failures. */
class SpecExecutionSurveyTest {
    @Test
    void survey() {
        String folder = System.getProperty("gatun.survey", "");
        assumeTrue(!folder.isBlank(), "gatun.survey not given");
        SuiteRunner runner = new SuiteRunner(new ScriptRunner(FrontEnd.standard(), new CompiledExecution()),
                Duration.ofMinutes(1));
        RunReport report = runner.run(List.of(Path.of(folder)), file -> { });
        for (FileReport file : report.files()) {
            if (file.failures().isEmpty()) continue;
            System.out.printf("%-28s %s%n", file.file(), file.counts());
            file.failures().stream().limit(4).forEach(f -> System.out.println("    " + f));
        }
        java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
        for (FileReport file : report.files()) {
            file.skipReasons().forEach((reason, n) -> reasons.merge(reason.replaceAll(" \\(in function.*", ""), n, Integer::sum));
        }
        reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> System.out.println("SKIP " + e.getValue() + " " + e.getKey()));
        System.out.println("TOTAL " + report.total() + " by kind " + report.byKind());
    }
}
