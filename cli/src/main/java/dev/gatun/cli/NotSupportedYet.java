package dev.gatun.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** A subcommand whose feature is planned but not built: says so clearly and exits non-zero. */
abstract class NotSupportedYet implements Callable<Integer> {
    static final int NOT_SUPPORTED = 3;

    @Spec
    CommandSpec spec;

    /** Accepted and ignored, so that the message is about the feature, not about the arguments. */
    @Unmatched
    List<String> arguments;

    /** What is missing, e.g. {@code "run (issue 5)"}. */
    abstract String feature();

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("gatun " + spec.name() + ": not supported yet: " + feature());
        return NOT_SUPPORTED;
    }
}
