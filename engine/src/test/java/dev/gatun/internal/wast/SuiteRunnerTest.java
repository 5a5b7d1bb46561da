package dev.gatun.internal.wast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.internal.text.WastCommand;
import dev.gatun.wast.FileReport;
import dev.gatun.wast.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTest {
    @TempDir
    Path temp;

    private final SuiteRunner suite = new SuiteRunner(new ScriptRunner(new StubFrontEnd(List.of(
        new WastCommand.Module(1, null, false, new WastCommand.ModuleSource.Text("ok")))), Execution.none()),
        Duration.ofSeconds(20));

    @Test
    void foldersRunRecursivelySortedAndNamedRelativeToTheFolderGiven() throws IOException {
        Path core = Files.createDirectories(temp.resolve("core"));
        Files.createDirectories(core.resolve("legacy"));
        Files.writeString(core.resolve("i32.wast"), "(script)");
        Files.writeString(core.resolve("legacy/try.wast"), "(script)");
        Files.writeString(core.resolve("address.wast"), "(script)");
        Files.writeString(core.resolve("README.md"), "not a script");
        Path single = Files.writeString(temp.resolve("one.wast"), "not a script");

        List<String> seen = new ArrayList<>();
        RunReport report = suite.run(List.of(core, single), file -> seen.add(file.file()));

        assertThat(report.files()).extracting(FileReport::file)
            .containsExactly("core/address.wast", "core/i32.wast", "core/legacy/try.wast", "one.wast");
        assertThat(seen).containsExactlyElementsOf(report.files().stream().map(FileReport::file).toList());
        assertThat(report.total()).hasToString("3 passed, 1 failed, 0 skipped");
        assertThat(report.byKind()).containsOnlyKeys("module", "script");
    }

    @Test
    void aMissingPathIsRejected() {
        assertThatThrownBy(() -> suite.run(List.of(temp.resolve("nope")), file -> {}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no such file or folder").hasMessageContaining("nope");
    }

    @Test
    void aFileThatIsNotUtf8IsOneFailure() throws IOException {
        Path bad = Files.write(temp.resolve("bad.wast"), new byte[] {'(', (byte) 0xff, ')'});

        RunReport report = suite.run(List.of(bad), file -> {});

        assertThat(report.total()).hasToString("0 passed, 1 failed, 0 skipped");
        assertThat(report.files().getFirst().failures().getFirst().toString()).startsWith("script: not UTF-8 text");
    }
}
