package dev.gatun.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.text.WastCommand;
import dev.gatun.internal.text.WastCommand.ModuleSource;
import dev.gatun.internal.text.WastParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the decoder over every {@code (module binary ...)} of the official spec suite when
 * {@code -Dgatun.testsuite=/path/to/wasm-testsuite} (or its {@code core} folder) is given; skipped otherwise.
 * Every binary under {@code assert_malformed} must fail to decode, with a message that starts with the spec's
 * wording; every other binary must decode (whether it
 * then validates, links or runs is not the decoder's business).
 */
class SpecSuiteBinaryTest {

    private int malformedRejected;
    private int decoded;
    private final List<String> failures = new ArrayList<>();

    @Test
    void binaryModulesDecodeAndMalformedBinariesAreRejected() throws IOException {
        List<Path> files = wastFiles();
        for (Path file : files) {
            for (WastCommand command : WastParser.parse(Files.readString(file, StandardCharsets.UTF_8))) {
                String where = file.getFileName() + ":" + command.line();
                switch (command) {
                    case WastCommand.AssertMalformed m when m.module() instanceof ModuleSource.Binary b ->
                            expectMalformed(b.bytes(), m.message(), where);
                    case WastCommand.Module m when m.source() instanceof ModuleSource.Binary b -> expectDecodes(b.bytes(), where);
                    case WastCommand.AssertInvalid m when m.module() instanceof ModuleSource.Binary b -> expectDecodes(b.bytes(), where);
                    case WastCommand.AssertUnlinkable m when m.module() instanceof ModuleSource.Binary b -> expectDecodes(b.bytes(), where);
                    case WastCommand.AssertModuleTrap m when m.module() instanceof ModuleSource.Binary b -> expectDecodes(b.bytes(), where);
                    default -> { }
                }
            }
        }
        System.out.println("[spec/binary] " + files.size() + " wast files: malformed binaries rejected "
                + malformedRejected + ", binaries decoded " + decoded
                + ", failures " + failures.size());
        failures.forEach(f -> System.out.println("[spec/binary]   " + f));
        assertThat(malformedRejected + decoded).as("binary modules found").isPositive();
        assertThat(failures).isEmpty();
    }

    private void expectMalformed(byte[] bytes, String expected, String where) {
        try {
            ModuleDecoder.decode(bytes);
            failures.add(where + ": decoded, but should be malformed (" + expected + ")");
        } catch (MalformedModuleException e) {
            malformedRejected++;
            if (!e.getMessage().startsWith(expected)) {
                failures.add(where + ": expected a message starting \"" + expected + "\", got: " + e.getMessage());
            }
        }
    }

    private void expectDecodes(byte[] bytes, String where) {
        try {
            ModuleDecoder.decode(bytes);
            decoded++;
        } catch (RuntimeException e) {
            failures.add(where + ": " + e);
        }
    }

    private static List<Path> wastFiles() throws IOException {
        String root = System.getProperty("gatun.testsuite");
        Assumptions.assumeTrue(root != null && !root.isBlank(), "gatun.testsuite not set");
        Path dir = Path.of(root);
        if (Files.isDirectory(dir.resolve("core"))) dir = dir.resolve("core");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
        }
    }
}
