package dev.gatun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatunCommandTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int gatun(String... args) {
        CommandLine commandLine = GatunCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    @Test
    void withoutASubcommandItIsAUsageError() {
        assertThat(gatun()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand").contains("Usage: gatun");
    }

    @Test
    void wastNeedsAPath() {
        assertThat(gatun("wast")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter").contains("PATH");
    }

    @Test
    void wastRejectsAMissingPath() {
        assertThat(gatun("wast", temp.resolve("nope").toString())).isEqualTo(WastSubcommand.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("gatun wast: no such file or folder:").contains("nope");
    }

    @Test
    void wastPrintsALinePerFileThenTheTotalAndWritesTheJsonReport() throws IOException {
        Path suite = Files.createDirectories(temp.resolve("suite/sub"));
        Files.writeString(suite.resolve("b.wast"), "(module)\n");
        Files.writeString(suite.getParent().resolve("a.wast"), "this is not a script\n");
        Path report = temp.resolve("out/report.json");

        int exit = gatun("wast", "--report", report.toString(), suite.getParent().toString());

        List<String> lines = outLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("suite/a\\.wast: 0 passed, 1 failed, 0 skipped");
        assertThat(lines.get(1)).matches("suite/sub/b\\.wast: \\d+ passed, \\d+ failed, \\d+ skipped");
        assertThat(lines.get(2)).matches("\\d+ passed, [1-9]\\d* failed, \\d+ skipped");
        assertThat(exit).isEqualTo(WastSubcommand.SOMETHING_FAILED);
        assertThat(Files.readString(report))
            .startsWith("{\"total\":{\"passed\":")
            .contains("\"files\":[{\"file\":\"suite/a.wast\",\"passed\":0,\"failed\":1,\"skipped\":0,"
                + "\"failures\":[\"script: ")
            .contains("{\"file\":\"suite/sub/b.wast\"");
    }

    @Test
    void wastExitsZeroWhenNothingFailedCountingSkippedCommandsApart() throws IOException {
        Path script = Files.writeString(temp.resolve("ok.wast"), """
            (module (func (export "f") (result i32) (i32.const 1)))
            (assert_return (invoke "f") (i32.const 1))
            (assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
            (assert_malformed (module quote "(func (i32.frobnicate))") "unknown operator")
            """);

        int exit = gatun("wast", script.toString());

        assertThat(outLines()).containsExactly("ok.wast: 3 passed, 0 failed, 1 skipped", "3 passed, 0 failed, 1 skipped");
        assertThat(exit).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void wastCanPrintFailuresUnderTheirFile() throws IOException {
        Path script = Files.writeString(temp.resolve("bad.wast"), "this is not a script\n");

        gatun("wast", "--failures", script.toString());

        assertThat(outLines()).hasSize(3);
        assertThat(outLines().get(1)).startsWith("  script: ");
    }

    @Test
    void wastRejectsANonPositiveTimeout() throws IOException {
        Path script = Files.writeString(temp.resolve("x.wast"), "(module)\n");

        assertThat(gatun("wast", "--timeout", "0", script.toString())).isEqualTo(WastSubcommand.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("--timeout must be positive");
    }
}
