package dev.gatun.cli;

import picocli.CommandLine.Command;

/** {@code gatun wasi-test}: will run the WASI test suite. */
@Command(name = "wasi-test", description = "Runs the WASI test suite. Not supported yet.")
final class WasiTestSubcommand extends NotSupportedYet {
    @Override
    String feature() {
        return "wasi-test (issue 5)";
    }
}
