package dev.gatun.cli;

import dev.gatun.wast.Failure;
import dev.gatun.wast.FileReport;
import dev.gatun.wast.RunReport;
import dev.gatun.wast.WastRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatun wast}: runs spec scripts and prints one line per file, then the totals. */
@Command(
    name = "wast",
    mixinStandardHelpOptions = true,
    description = {
        "Runs .wast spec scripts (files, or folders recursively) and prints passed/failed/skipped per file.",
        "Modules are compiled and run; with --no-execute only decoding, parsing and validation are checked.",
        "Exit code: 0 when nothing failed, 1 when something failed, 2 on bad arguments."
    })
final class WastSubcommand implements Callable<Integer> {
    static final int SOMETHING_FAILED = 1;
    static final int BAD_ARGUMENTS = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path reportFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
        description = "Time limit per script file, in seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = {"-f", "--failures"}, description = "Print each failure under its file.")
    boolean printFailures;

    @Option(names = "--no-execute",
        description = "Check only the front end (decode/parse, validate); skip what needs execution.")
    boolean frontEndOnly;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "A .wast file or a folder of them.")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds <= 0) {
            err.println("gatun wast: --timeout must be positive, got " + timeoutSeconds);
            return BAD_ARGUMENTS;
        }
        WastRunner runner = WastRunner.create().withTimeoutPerFile(Duration.ofSeconds(timeoutSeconds));
        if (frontEndOnly) runner = runner.withoutExecution();
        RunReport report;
        try {
            report = runner.run(paths, file -> printFile(out, file));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("gatun wast: " + e.getMessage());
            return BAD_ARGUMENTS;
        }
        out.println(report.total());
        out.flush();
        if (reportFile != null && !writeReport(report, err)) return BAD_ARGUMENTS;
        if (report.files().isEmpty()) {
            err.println("gatun wast: no .wast files found in " + paths);
            return SOMETHING_FAILED;
        }
        return report.hasFailures() ? SOMETHING_FAILED : 0;
    }

    private void printFile(PrintWriter out, FileReport file) {
        out.println(file.file() + ": " + file.counts());
        if (printFailures) {
            for (Failure failure : file.failures()) out.println("  " + failure);
        }
        out.flush();
    }

    private boolean writeReport(RunReport report, PrintWriter err) {
        try {
            Path parent = reportFile.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(reportFile, report.toJson() + "\n", StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("gatun wast: cannot write the report to " + reportFile + ": " + e.getMessage());
            return false;
        }
    }
}
