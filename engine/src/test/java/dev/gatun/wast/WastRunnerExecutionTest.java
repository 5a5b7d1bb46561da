package dev.gatun.wast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** By default the runner executes: assertions that need execution are checked; {@code withoutExecution} skips them. */
class WastRunnerExecutionTest {
    private static final String SCRIPT = """
            (module (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1))))
            (assert_return (invoke "add" (v128.const i32x4 1 2 3 4) (v128.const i32x4 10 20 30 40))
                           (v128.const i32x4 11 22 33 44))
            (assert_return (invoke "add" (v128.const i32x4 1 2 3 4) (v128.const i32x4 0 0 0 0))
                           (v128.const i32x4 1 2 3 5))
            """;

    @Test
    void withoutExecutionAssertionsAreSkipped() {
        FileReport report = WastRunner.create().withoutExecution().runScript("simd.wast", SCRIPT);
        assertThat(report.counts("assert_return")).isEqualTo(new Counts(0, 0, 2));
    }

    @Test
    void assertionsThatNeedExecutionPassOrFail() {
        FileReport report = WastRunner.create().withTimeoutPerFile(java.time.Duration.ofSeconds(30))
                .runScript("simd.wast", SCRIPT);
        assertThat(report.counts("assert_return")).isEqualTo(new Counts(1, 1, 0));
    }
}
