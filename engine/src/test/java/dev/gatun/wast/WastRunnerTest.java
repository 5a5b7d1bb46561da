package dev.gatun.wast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runner with the engine's real parser, decoder and validator, on small inline scripts. */
class WastRunnerTest {
    private static final String HEADER = "\"\\00asm\" \"\\01\\00\\00\\00\"";
    /** () -> i32 whose body is {@code i64.const 1}: decodes, but is ill-typed. */
    private static final String ILL_TYPED = HEADER
        + " \"\\01\\05\\01\\60\\00\\01\\7f\" \"\\03\\02\\01\\00\" \"\\0a\\06\\01\\04\\00\\42\\01\\0b\"";
    /** () -> i32 whose body is {@code i32.const 1}. */
    private static final String WELL_TYPED = HEADER
        + " \"\\01\\05\\01\\60\\00\\01\\7f\" \"\\03\\02\\01\\00\" \"\\0a\\06\\01\\04\\00\\41\\01\\0b\"";

    private final WastRunner runner = WastRunner.create().withTimeoutPerFile(Duration.ofSeconds(30));

    @Test
    void countsModulesAndAssertionsPerKind() {
        FileReport report = runner.runScript("inline.wast", """
            (module binary %s)
            (module binary %s)
            (assert_invalid (module binary %s) "type mismatch")
            (assert_malformed (module binary "\\00asm" "\\01") "unexpected end")
            (assert_malformed (module binary "\\00asm" "\\02\\00\\00\\00") "unknown binary version")
            (module (func (export "f") (result i32) (i32.const 1)) (func (export "t") unreachable))
            (assert_return (invoke "f") (i32.const 1))
            (assert_return (invoke "f") (i32.const 2))
            (assert_trap (invoke "t") "unreachable")
            (register "M")
            """.formatted(HEADER, WELL_TYPED, ILL_TYPED));

        assertThat(report.counts("module")).isEqualTo(new Counts(3, 0, 0));
        assertThat(report.counts("assert_invalid")).isEqualTo(new Counts(1, 0, 0));
        assertThat(report.counts("assert_malformed")).isEqualTo(new Counts(2, 0, 0));
        assertThat(report.counts("assert_return")).isEqualTo(new Counts(1, 1, 0));
        assertThat(report.counts("assert_trap")).isEqualTo(new Counts(1, 0, 0));
        assertThat(report.counts("register")).isEqualTo(new Counts(1, 0, 0));
        assertThat(report.failures()).singleElement()
            .satisfies(failure -> assertThat(failure.line()).isEqualTo(8));
    }

    @Test
    void assertionsThatDoNotHoldFailWithLineAndReason() {
        FileReport report = runner.runScript("wrong.wast", """
            (assert_invalid (module binary "\\00asm" "\\01") "type mismatch")

            (assert_invalid (module binary %s) "type mismatch")
            (assert_malformed (module binary %s) "unexpected end")
            (module binary %s)
            """.formatted(WELL_TYPED, ILL_TYPED, ILL_TYPED));

        assertThat(report.counts()).isEqualTo(new Counts(0, 4, 0));
        assertThat(report.failures()).extracting(Failure::line).containsExactly(1, 3, 4, 5);
        assertThat(report.failures().get(0).toString())
            .startsWith("line 1: assert_invalid: expected invalid (\"type mismatch\"), but it is malformed: ");
        assertThat(report.failures().get(1).toString())
            .isEqualTo("line 3: assert_invalid: expected invalid (\"type mismatch\"), but it validated");
        assertThat(report.failures().get(2).toString())
            .startsWith("line 4: assert_malformed: expected malformed (\"unexpected end\"), but it decoded; then invalid: ");
        assertThat(report.failures().get(3).toString()).startsWith("line 5: module: invalid: ");
    }

    @Test
    void aScriptThatDoesNotParseIsOneFailureOfTheFile() {
        FileReport report = runner.runScript("broken.wast", "(module binary \"\\00asm\"");

        assertThat(report.counts()).isEqualTo(new Counts(0, 1, 0));
        assertThat(report.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.line()).isEqualTo(Failure.WHOLE_FILE);
            assertThat(failure.toString()).startsWith("script: does not parse as a script: ");
        });
    }

    @Test
    void theJsonReportOfARealRunHasTheAgreedShape() {
        FileReport file = runner.runScript("core/tiny.wast", """
            (module (func (export "f") (result i32) (i32.const 1)))
            (assert_return (invoke "f") (i32.const 1))
            (assert_return (invoke "f") (i32.const 1))
            """);

        assertThat(new RunReport(java.util.List.of(file)).toJson()).isEqualTo(
            "{\"total\":{\"passed\":3,\"failed\":0,\"skipped\":0},"
                + "\"byKind\":{\"assert_return\":{\"passed\":2,\"failed\":0,\"skipped\":0},"
                + "\"module\":{\"passed\":1,\"failed\":0,\"skipped\":0}},"
                + "\"files\":[{\"file\":\"core/tiny.wast\",\"passed\":3,\"failed\":0,\"skipped\":0,\"failures\":[]}]}");
    }
}
