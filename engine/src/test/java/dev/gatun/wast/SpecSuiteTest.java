package dev.gatun.wast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the official spec tests ({@code core/} of the folder named by the system property
 * {@code gatun.testsuite}) and fails on any failure not listed in {@code spec-expectations.txt}, and on any
 * listed one that now passes, so that the list only shrinks. When it fails, {@code target/} gets the JSON
 * report and a suggested new expectations file.
 */
class SpecSuiteTest {
    private static final String EXPECTATIONS = "/spec-expectations.txt";
    private static final String SKIPS_ALLOWED = "/spec-skips-allowed.txt";
    private static final int SHOWN = 40;

    @Test
    void coreSuiteFailsOnlyWhereExpected() throws IOException {
        String suite = System.getProperty("gatun.testsuite", "");
        assumeTrue(!suite.isBlank(),
            "spec suite not run: set -Dgatun.testsuite=/path/to/wasm-testsuite (the folder holding core/)");
        Path core = Path.of(suite).resolve("core");
        assertThat(core).as("gatun.testsuite must name the folder holding core/").isDirectory();

        RunReport report = WastRunner.create().run(List.of(core));
        SpecExpectations expected = SpecExpectations.load(EXPECTATIONS);

        Map<String, String> actual = new LinkedHashMap<>();
        for (FileReport file : report.files()) {
            for (Failure failure : file.failures()) actual.putIfAbsent(SpecExpectations.key(file, failure), failure.toString());
        }
        List<String> unexpected = new ArrayList<>();
        actual.forEach((key, failure) -> {
            if (!expected.reasonByKey().containsKey(key)) unexpected.add(key + "  " + failure);
        });
        List<String> nowPassing = expected.reasonByKey().keySet().stream().filter(key -> !actual.containsKey(key)).toList();

        System.out.println("spec suite core/: " + report.total() + " in " + report.files().size() + " files");
        report.byKind().forEach((kind, counts) -> System.out.println("  " + kind + ": " + counts));
        if (!unexpected.isEmpty() || !nowPassing.isEmpty()) writeSuggestions(report, expected, actual);

        assertThat(unexpected)
            .as("%d failures not in %s (first %d shown; see target/spec-expectations.actual.txt)",
                unexpected.size(), EXPECTATIONS, SHOWN)
            .satisfies(list -> assertThat(list.subList(0, Math.min(SHOWN, list.size()))).isEmpty());
        List<PathMatcher> skipPatterns = skipPatterns();
        List<String> unexpectedSkips = report.files().stream()
            .filter(file -> file.counts().skipped() > 0)
            .filter(file -> skipPatterns.stream().noneMatch(p -> p.matcher().matches(Path.of(file.file()))))
            .map(file -> file.file() + ": " + file.counts().skipped() + " skipped")
            .toList();
        List<String> unusedSkipPatterns = skipPatterns.stream()
            .filter(p -> report.files().stream()
                .noneMatch(file -> file.counts().skipped() > 0 && p.matcher().matches(Path.of(file.file()))))
            .map(PathMatcher::glob)
            .toList();
        assertThat(unexpectedSkips).as("files with skipped commands not allowed by %s", SKIPS_ALLOWED).isEmpty();
        assertThat(unusedSkipPatterns).as("patterns of %s that match no skips any more: remove them", SKIPS_ALLOWED)
            .isEmpty();
        assertThat(nowPassing)
            .as("%d entries of %s now pass: remove them (first %d shown)", nowPassing.size(), EXPECTATIONS, SHOWN)
            .satisfies(list -> assertThat(list.subList(0, Math.min(SHOWN, list.size()))).isEmpty());
    }

    private record PathMatcher(String glob, java.nio.file.PathMatcher matcher) {}

    private static List<PathMatcher> skipPatterns() throws IOException {
        try (var in = SpecSuiteTest.class.getResourceAsStream(SKIPS_ALLOWED)) {
            assertThat(in).as(SKIPS_ALLOWED).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .map(glob -> new PathMatcher(glob, java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob)))
                .toList();
        }
    }

    /** The JSON report and an expectations file matching this run (known reasons kept, new ones = the failure). */
    private static void writeSuggestions(RunReport report, SpecExpectations expected, Map<String, String> actual)
            throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        Files.writeString(target.resolve("spec-report.json"), report.toJson() + "\n");
        StringBuilder text = new StringBuilder(
            "# Spec-suite failures (core/) known today: file:line  # reason. Line 0 = the whole file.\n"
                + "# SpecSuiteTest fails on failures missing here and on entries that now pass.\n");
        actual.forEach((key, failure) -> {
            String reason = expected.reasonByKey().getOrDefault(key, failure.replaceFirst("^(line \\d+|script): ", ""));
            text.append(key).append("  # ").append(oneLine(reason)).append('\n');
        });
        Files.writeString(target.resolve("spec-expectations.actual.txt"), text);
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }
}
