package dev.gatun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatun wast} runs assertions on the compiler; {@code --no-execute} checks only the front end. */
class WastExecuteOptionTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();

    private int gatun(String... args) {
        CommandLine commandLine = GatunCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    @Test
    void assertionsRunUnlessOnlyTheFrontEndIsAskedFor() throws IOException {
        Path script = temp.resolve("splat.wast");
        Files.writeString(script, """
                (module (func (export "splat") (param i32) (result v128) (i8x16.splat (local.get 0))))
                (assert_return (invoke "splat" (i32.const 0x1ff)) (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
                """);
        assertThat(gatun("wast", script.toString())).isZero();
        assertThat(out.toString()).contains("splat.wast: 2 passed, 0 failed, 0 skipped");
        out.getBuffer().setLength(0);
        assertThat(gatun("wast", "--no-execute", script.toString())).isZero();
        assertThat(out.toString()).contains("splat.wast: 1 passed, 0 failed, 1 skipped");
    }
}
