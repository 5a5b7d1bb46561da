package dev.gatun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatun run --timeout / --fuel} stop a guest that never ends, naming why. */
class RunLimitsTest {
    @TempDir
    Path temp;

    private final StringWriter err = new StringWriter();

    private int gatun(String... args) {
        CommandLine commandLine = GatunCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path spin() throws IOException {
        return Files.writeString(temp.resolve("spin.wat"), "(module (func (export \"spin\") (loop (br 0))))");
    }

    @Test
    void timeoutStopsASpinningGuestNamingTheDeadline() throws IOException {
        Path file = spin();
        long start = System.nanoTime();
        int exit = gatun("run", "--timeout", "200ms", "--invoke", "spin", file.toString());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(exit).isEqualTo(RunSubcommand.TRAPPED);
        assertThat(err.toString()).contains("interrupted").contains("deadline");
        assertThat(millis).isBetween(190L, 5_000L); // "a second or two"; generous for a loaded machine
    }

    @Test
    void fuelStopsASpinningGuestNamingFuel() throws IOException {
        int exit = gatun("run", "--fuel", "100000", "--invoke", "spin", spin().toString());
        assertThat(exit).isEqualTo(RunSubcommand.TRAPPED);
        assertThat(err.toString()).contains("fuel");
    }

    @Test
    void enoughFuelLetsAShortGuestFinish() throws IOException {
        Path file = Files.writeString(temp.resolve("short.wat"), """
                (module (func (export "count") (local i32)
                  (loop (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br_if 0 (i32.lt_u (local.get 0) (i32.const 100))))))
                """);
        assertThat(gatun("run", "--fuel", "100000", "--invoke", "count", file.toString())).isZero();
        assertThat(gatun("run", "--fuel", "-1", "--invoke", "count", file.toString())).isEqualTo(RunSubcommand.BAD_ARGUMENTS);
    }
}
