package dev.gatun.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatun wasi-test}: runs folders of the WASI test suite, a line per test, then the totals. */
@Command(
    name = "wasi-test",
    mixinStandardHelpOptions = true,
    description = {
        "Runs WASI test-suite folders (NAME.wasm + optional NAME.json; filesystem tests on a copy of their root).",
        "Exit code: 0 when nothing failed, 1 when something failed, 2 on bad arguments."
    })
final class WasiTestSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "A folder of test programs.")
    List<Path> dirs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Path dir : dirs) {
            List<Path> tests = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                if (Files.exists(dir)) continue; // a shell glob also hands over README.md, LICENSE
                err.println("gatun wasi-test: " + dir + " does not exist");
                return 2;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".wasm")).sorted().forEach(tests::add);
            } catch (IOException e) {
                err.println("gatun wasi-test: cannot list " + dir + ": " + e.getMessage());
                return 2;
            }
            for (Path test : tests) {
                WasiTestCase.Outcome outcome = WasiTestCase.run(test);
                switch (outcome.status()) {
                    case PASSED -> passed++;
                    case FAILED -> failed++;
                    case SKIPPED -> skipped++;
                }
                String detail = outcome.detail().isEmpty() ? "" : ": " + outcome.detail();
                out.println(test + ": " + outcome.status().name().toLowerCase() + detail);
                out.flush();
            }
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        out.flush();
        return failed > 0 ? 1 : 0;
    }
}
