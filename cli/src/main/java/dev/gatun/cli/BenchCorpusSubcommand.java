package dev.gatun.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatun bench-corpus}: runs sightglass benchmark modules once each and prints their measured time. */
@Command(
    name = "bench-corpus",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the sightglass benchmark modules (*.wasm) under each DIR: each in its own folder preopened as '.',",
        "timing bench.start..bench.end and checking expected stdout/stderr. Modules needing features not built",
        "yet (SIMD, GC, ...) are skipped with the reason.",
        "Exit code: 0 when nothing failed, 1 when something failed, 2 on bad arguments."
    })
final class BenchCorpusSubcommand implements Callable<Integer> {
    /** Deep enough for the corpus layout (DIR/benchmark/module.wasm), bounded against odd trees. */
    private static final int MAX_DEPTH = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
        description = "Time limit per module (default: ${DEFAULT-VALUE}), e.g. 90s, 10m.")
    String timeout;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "A folder with benchmark modules, or a .wasm file.")
    List<Path> dirs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration limit;
        try {
            limit = RunSubcommand.parseDuration(timeout);
        } catch (IllegalArgumentException e) {
            err.println("gatun bench-corpus: " + e.getMessage());
            return 2;
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Path dir : dirs) {
            List<Path> modules;
            if (!Files.exists(dir)) {
                err.println("gatun bench-corpus: " + dir + " does not exist");
                return 2;
            }
            try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
                modules = files.filter(p -> p.getFileName().toString().endsWith(".wasm") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                err.println("gatun bench-corpus: cannot list " + dir + ": " + e.getMessage());
                return 2;
            }
            for (Path module : modules) {
                BenchModule.Outcome outcome = BenchModule.run(module, limit);
                switch (outcome.status()) {
                    case PASSED -> passed++;
                    case FAILED -> failed++;
                    case SKIPPED -> skipped++;
                }
                StringBuilder line = new StringBuilder(module + ": " + outcome.status().name().toLowerCase(Locale.ROOT));
                if (outcome.measuredNanos() >= 0) {
                    line.append(String.format(Locale.ROOT, " %.3f ms", outcome.measuredNanos() / 1e6));
                }
                if (!outcome.detail().isEmpty()) line.append(": ").append(outcome.detail());
                out.println(line);
                out.flush();
            }
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        out.flush();
        return failed > 0 ? 1 : 0;
    }
}
