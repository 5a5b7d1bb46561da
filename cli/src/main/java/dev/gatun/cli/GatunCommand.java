package dev.gatun.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code gatun} command: one subcommand per job. */
@Command(
    name = "gatun",
    mixinStandardHelpOptions = true,
    versionProvider = GatunVersion.class,
    description = "Gatun: a WebAssembly engine for the JVM.",
    subcommands = {
        WastSubcommand.class,
        RunSubcommand.class,
        WasiTestSubcommand.class,
        BenchCorpusSubcommand.class,
        CommandLine.HelpCommand.class
    })
public final class GatunCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand (wast, run, wasi-test, bench-corpus)");
    }

    /** The command line, ready to execute; tests use it in-process with their own writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new GatunCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
