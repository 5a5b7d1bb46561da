package dev.gatun.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.InvalidModuleException;
import dev.gatun.WasmException;
import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WastCommand;
import dev.gatun.internal.text.WastCommand.ModuleSource;
import dev.gatun.internal.text.WastParser;
import dev.gatun.internal.text.WatParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Developer check of the validator against the official suite (given by {@code -Dgatun.testsuite}, skipped
 * otherwise): every {@code assert_invalid} module that parses fails validation, and every module that the
 * suite defines, links or instantiates validates (as do those of {@code assert_invalid_custom}, whose fault is
 * in a custom section). Modules the front ends cannot read yet are counted, not
 * judged (the decoder's and text parser's own suite tests cover them).
 */
class SpecSuiteValidationTest {

    private static List<Path> wastFiles() throws IOException {
        String root = System.getProperty("gatun.testsuite");
        Assumptions.assumeTrue(root != null && !root.isBlank(), "gatun.testsuite not set");
        Path dir = Path.of(root);
        if (Files.isDirectory(dir.resolve("core"))) dir = dir.resolve("core");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
        }
    }

    /** file:line of the commands listed in spec-known-failures.txt (with the reason in comments). */
    private static Set<String> knownFailures() throws IOException {
        try (InputStream in = SpecSuiteValidationTest.class.getResourceAsStream("spec-known-failures.txt")) {
            if (in == null) return Set.of();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toSet());
        }
    }

    /** Parses or decodes a module; null when the front end cannot read it. */
    private static ModuleModel read(ModuleSource source) {
        try {
            return switch (source) {
                case ModuleSource.Text t -> WatParser.parseModule(t.source());
                case ModuleSource.Binary b -> ModuleDecoder.decode(b.bytes());
                case ModuleSource.Quote q -> WatParser.parseModule(q.text());
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void invalidModulesFailAndValidModulesPass() throws IOException {
        int validOk = 0, invalidOk = 0, unread = 0, messageDiffers = 0;
        List<String> failures = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        List<String> unreadAt = new ArrayList<>();
        for (Path p : wastFiles()) {
            List<WastCommand> commands;
            try {
                commands = WastParser.parse(Files.readString(p, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                unreadAt.add(p.getFileName() + " (script: " + e.getMessage() + ")");
                continue;
            }
            for (WastCommand c : commands) {
                String where = p.getFileName() + ":" + c.line();
                ModuleSource mustValidate = switch (c) {
                    case WastCommand.Module m -> m.source();
                    case WastCommand.AssertUnlinkable a -> a.module();
                    case WastCommand.AssertModuleTrap a -> a.module();
                    // only a custom section or annotation is wrong: the core module is valid
                    case WastCommand.AssertInvalid a when a.custom() -> a.module();
                    default -> null;
                };
                if (mustValidate != null) {
                    ModuleModel m = read(mustValidate);
                    if (m == null) {
                        unread++;
                        unreadAt.add(where);
                        continue;
                    }
                    try {
                        Validator.validate(m);
                        validOk++;
                    } catch (RuntimeException e) {
                        failures.add(where + " valid module rejected: " + e);
                    }
                } else if (c instanceof WastCommand.AssertInvalid a) {
                    ModuleModel m = read(a.module());
                    if (m == null) {
                        unread++;
                        unreadAt.add(where);
                        continue;
                    }
                    try {
                        Validator.validate(m);
                        failures.add(where + " invalid module accepted, expected: " + a.message());
                    } catch (InvalidModuleException e) {
                        invalidOk++;
                        if (!e.getMessage().startsWith(a.message())) {
                            messageDiffers++;
                            messages.add(where + " expected \"" + a.message() + "\", got: " + e.getMessage());
                        }
                    } catch (RuntimeException e) {
                        failures.add(where + " expected invalid (" + a.message() + "), got: " + e);
                    }
                }
            }
        }
        Set<String> known = knownFailures();
        List<String> unexpected = failures.stream().filter(f -> !known.contains(f.substring(0, f.indexOf(' ')))).toList();
        List<String> stale = known.stream().filter(k -> failures.stream().noneMatch(f -> f.startsWith(k + " "))).toList();
        System.out.println("[validator-spec] valid modules validated: " + validOk + ", invalid modules rejected: "
                + invalidOk + " (message differs: " + messageDiffers + "), unread: " + unread + ", failures: "
                + failures.size() + " (known: " + (failures.size() - unexpected.size()) + ")");
        System.out.println("[validator-spec]   unread: " + unreadAt);
        messages.forEach(m -> System.out.println("[validator-spec]   message: " + m));
        failures.forEach(f -> System.out.println("[validator-spec]   " + f));
        stale.forEach(k -> System.out.println("[validator-spec]   known failure now passes, unlist it: " + k));
        assertThat(unexpected).isEmpty();
        assertThat(stale).as("known failures that now pass").isEmpty();
    }

    @Test
    void corruptedBodiesOfSpecModulesFailOnlyWithGatunExceptions() throws IOException {
        Random random = new Random(42);
        int runs = 0;
        for (Path p : wastFiles()) {
            for (WastCommand c : WastParser.parse(Files.readString(p, StandardCharsets.UTF_8))) {
                if (!(c instanceof WastCommand.Module m)) continue;
                ModuleModel model = read(m.source());
                if (model == null || model.bodies().isEmpty()) continue;
                for (int i = 0; i < 5; i++) {
                    ModuleModel mutated = MutatedInputValidationTest.mutate(model, random);
                    runs++;
                    try {
                        Validator.validate(mutated);
                    } catch (WasmException expected) {
                        // malformed or invalid: both fine
                    } catch (RuntimeException | StackOverflowError e) {
                        throw new AssertionError(p.getFileName() + ":" + c.line() + " mutated: " + e, e);
                    }
                }
            }
        }
        System.out.println("[validator-spec] mutated bodies validated without unexpected errors: " + runs);
        assertThat(runs).isPositive();
    }
}
