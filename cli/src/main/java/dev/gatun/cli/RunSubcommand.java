package dev.gatun.cli;

import picocli.CommandLine.Command;

/** {@code gatun run}: will run a WASI program. */
@Command(name = "run", description = "Runs a WebAssembly program (WASI). Not supported yet.")
final class RunSubcommand extends NotSupportedYet {
    @Override
    String feature() {
        return "run (issue 5)";
    }
}
