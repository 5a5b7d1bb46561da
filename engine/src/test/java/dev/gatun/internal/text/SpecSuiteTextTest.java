package dev.gatun.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.InvalidModuleException;
import dev.gatun.MalformedModuleException;
import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.Opcode;
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
 * Runs the text parsers over the official spec suite when {@code -Dgatun.testsuite=/path/to/wasm-testsuite}
 * (or its {@code core} folder) is given; skipped otherwise.
 */
class SpecSuiteTextTest {

    private static List<Path> wastFiles() throws IOException {
        String root = System.getProperty("gatun.testsuite");
        Assumptions.assumeTrue(root != null && !root.isBlank(), "gatun.testsuite not set");
        Path dir = Path.of(root);
        if (Files.isDirectory(dir.resolve("core"))) dir = dir.resolve("core");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
        }
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** Every encoded instruction sequence must read back with the binary code reader, ending at its end. */
    static void readAllCode(ModuleModel model) {
        List<ByteSlice> slices = new ArrayList<>();
        model.bodies().forEach(b -> slices.add(b.code()));
        model.globals().forEach(g -> slices.add(g.init()));
        model.tables().stream().filter(t -> t.init() != null).forEach(t -> slices.add(t.init()));
        for (ModuleModel.ElementSegment e : model.elements()) {
            if (e.offset() != null) slices.add(e.offset());
            if (e.initExprs() != null) slices.addAll(e.initExprs());
        }
        model.datas().stream().filter(d -> d.offset() != null).forEach(d -> slices.add(d.offset()));
        for (ByteSlice code : slices) {
            CodeReader reader = new CodeReader(code);
            Opcode last = null;
            while (reader.hasNext()) last = reader.next();
            if (last != Opcode.END) throw new IllegalStateException("code does not end with 'end'");
        }
    }

    @Test
    void everyScriptParses() throws IOException {
        List<String> failures = new ArrayList<>();
        int commands = 0;
        List<Path> files = wastFiles();
        for (Path p : files) {
            try {
                commands += WastParser.parse(read(p)).size();
            } catch (RuntimeException e) {
                failures.add(p.getFileName() + ": " + e.getMessage());
            }
        }
        System.out.println("[spec] wast files: " + files.size() + ", commands: " + commands + ", failures: "
                + failures.size());
        failures.forEach(f -> System.out.println("[spec]   " + f));
        assertThat(failures).isEmpty();
    }

    @Test
    void textModulesParseAndQuotedMalformedModulesFail() throws IOException {
        int textOk = 0;
        int malformedRejected = 0;
        List<String> textFailures = new ArrayList<>();
        List<String> malformedAccepted = new ArrayList<>();
        for (Path p : wastFiles()) {
            List<WastCommand> commands;
            try {
                commands = WastParser.parse(read(p));
            } catch (RuntimeException e) {
                continue;
            }
            for (WastCommand c : commands) {
                String where = p.getFileName() + ":" + c.line();
                WastCommand.ModuleSource source = switch (c) {
                    case WastCommand.Module m -> m.source();
                    case WastCommand.AssertInvalid a -> a.module();
                    case WastCommand.AssertUnlinkable a -> a.module();
                    case WastCommand.AssertModuleTrap a -> a.module();
                    default -> null;
                };
                String text = source instanceof WastCommand.ModuleSource.Text t ? t.source()
                        : source instanceof WastCommand.ModuleSource.Quote q ? q.text() : null;
                if (text != null) {
                    try {
                        ModuleModel model = WatParser.parseModule(text);
                        textOk++;
                        try {
                            readAllCode(model);
                        } catch (MalformedModuleException e) {
                            // the shared reader caps indices at 2^31-1; the spec leaves huge ones to validation
                            if (!e.getMessage().contains("too large")) throw e;
                            System.out.println("[spec]   code reader rejects " + where + ": " + e.getMessage());
                        }
                    } catch (InvalidModuleException e) {
                        // a text-level validity rule (branch hint target) may fire in the parser
                        if (!(c instanceof WastCommand.AssertInvalid)) textFailures.add(where + ": " + e.getMessage());
                    } catch (RuntimeException e) {
                        textFailures.add(where + ": " + e.getMessage());
                    }
                }
                if (c instanceof WastCommand.AssertMalformed m && m.module() instanceof WastCommand.ModuleSource.Quote q) {
                    try {
                        WatParser.parseModule(q.text());
                        malformedAccepted.add(where + " (" + m.message() + ")");
                    } catch (MalformedModuleException e) {
                        malformedRejected++;
                        if (Boolean.getBoolean("gatun.text.verbose")) {
                            System.out.println("[spec]   rejected " + where + " expected '" + m.message() + "' got '"
                                    + e.getMessage() + "'");
                        }
                    } catch (RuntimeException e) {
                        malformedAccepted.add(where + " threw " + e);
                    }
                }
            }
        }
        System.out.println("[spec] text and quoted modules parsed: " + textOk + ", failed: " + textFailures.size());
        textFailures.forEach(f -> System.out.println("[spec]   text " + f));
        System.out.println("[spec] quoted malformed rejected: " + malformedRejected + ", accepted: "
                + malformedAccepted.size());
        malformedAccepted.forEach(f -> System.out.println("[spec]   accepted " + f));
        assertThat(textFailures).isEmpty();
        assertThat(malformedAccepted).isEmpty();
    }
}
