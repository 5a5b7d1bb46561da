package dev.gatun.cli;

import picocli.CommandLine.Command;

/** {@code gatun bench-corpus}: will run the benchmark corpus. */
@Command(name = "bench-corpus", description = "Runs the benchmark corpus. Not supported yet.")
final class BenchCorpusSubcommand extends NotSupportedYet {
    @Override
    String feature() {
        return "bench-corpus (it needs execution, issue 3, first)";
    }
}
