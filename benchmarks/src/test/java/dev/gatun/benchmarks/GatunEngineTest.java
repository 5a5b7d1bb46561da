package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class GatunEngineTest {
    /** (module (import "bench" "start" (func)) (func (export "_start") call 0 (loop br 0))): never ends. */
    private static final byte[] SPINNING_MODULE = HexFormat.of().parseHex(
            "0061736d01000000010401600000020f010562656e636805737461727400"
                    + "0003020100070a01065f737461727400010a0b010900100003400c000b0b");

    @TempDir
    Path folder;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // fail, not hang, if the interrupt is lost
    void aRunLongerThanTheTimeoutIsInterruptedAndReported() throws Exception {
        Path wasm = folder.resolve("benchmark.wasm");
        Files.write(wasm, SPINNING_MODULE);
        try (GatunEngine engine = new GatunEngine(Duration.ofMillis(200));
             BenchEngine.Prepared prepared = engine.prepare(CorpusModule.of(wasm))) {
            long start = System.nanoTime();
            assertThatThrownBy(prepared::run).isInstanceOf(TimeoutException.class).hasMessageContaining("run timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }
}
