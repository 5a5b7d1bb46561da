package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** wasmtime-java reports proc_exit as an exception; only that exception becomes an exit code. */
class WasmtimeExitTest {
    @Test
    void exitReportsBecomeExitCodes() {
        assertThat(WasmtimeEngine.exitStatus(new RuntimeException("I32ExitError: exit code: 0"))).isZero();
        assertThat(WasmtimeEngine.exitStatus(new RuntimeException("x", new RuntimeException("Exited with i32 exit status 3"))))
                .isEqualTo(3);
    }

    @Test
    void otherFailuresAreRethrown() {
        RuntimeException trap = new RuntimeException("wasm trap: integer divide by zero");
        assertThatThrownBy(() -> WasmtimeEngine.exitStatus(trap)).isSameAs(trap);
    }
}
