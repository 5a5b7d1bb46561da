package dev.gatun.wast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    private static FileReport file(String name, TreeMap<String, Counts> byKind, List<Failure> failures) {
        return new FileReport(name, byKind, failures, new TreeMap<>());
    }

    @Test
    void writesTotalsKindsAndFilesInTheAgreedShape() {
        TreeMap<String, Counts> i32 = new TreeMap<>();
        i32.put("module", new Counts(2, 0, 0));
        i32.put("assert_return", new Counts(0, 0, 5));
        i32.put("assert_invalid", new Counts(1, 1, 0));
        TreeMap<String, Counts> memory = new TreeMap<>();
        memory.put("module", new Counts(1, 0, 0));
        RunReport report = new RunReport(List.of(
            file("core/i32.wast", i32, List.of(new Failure(12, "assert_invalid: expected invalid (\"type mismatch\")"))),
            file("core/memory.wast", memory, List.of())));

        assertThat(report.toJson()).isEqualTo("{\"total\":{\"passed\":4,\"failed\":1,\"skipped\":5},"
            + "\"byKind\":{\"assert_invalid\":{\"passed\":1,\"failed\":1,\"skipped\":0},"
            + "\"assert_return\":{\"passed\":0,\"failed\":0,\"skipped\":5},"
            + "\"module\":{\"passed\":3,\"failed\":0,\"skipped\":0}},"
            + "\"files\":[{\"file\":\"core/i32.wast\",\"passed\":3,\"failed\":1,\"skipped\":5,"
            + "\"failures\":[\"line 12: assert_invalid: expected invalid (\\\"type mismatch\\\")\"]},"
            + "{\"file\":\"core/memory.wast\",\"passed\":1,\"failed\":0,\"skipped\":0,\"failures\":[]}]}");
    }

    @Test
    void escapesQuotesBackslashesControlAndNonAsciiCharacters() {
        StringBuilder json = new StringBuilder();
        JsonReport.string(json, "a\"b\\c\nd\te\u0001f\u00e9\ud800");

        assertThat(json).hasToString("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u00e9\\ud800\"");
    }

    @Test
    void anEmptyRunIsStillAReport() {
        assertThat(new RunReport(List.of()).toJson())
            .isEqualTo("{\"total\":{\"passed\":0,\"failed\":0,\"skipped\":0},\"byKind\":{},\"files\":[]}");
    }

    @Test
    void wholeFileFailuresAreNamedAsSuch() {
        assertThat(new Failure(Failure.WHOLE_FILE, "does not parse")).hasToString("script: does not parse");
        assertThat(new Failure(7, "module: invalid")).hasToString("line 7: module: invalid");
    }
}
