package dev.gatun.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JitQuietTest {
    private long compilationMillis;
    private long nanos;

    private JitQuiet watch(Duration window) {
        return new JitQuiet(() -> compilationMillis, () -> nanos, window);
    }

    @Test
    void quietOnlyAfterAWholeWindowWithoutNewCompilationTime() {
        JitQuiet jit = watch(Duration.ofMillis(1000));
        nanos = 999_000_000L;
        assertThat(jit.quiet()).isFalse();
        nanos = 1_000_000_000L;
        assertThat(jit.quiet()).isTrue();
    }

    @Test
    void aFinishedCompilationRestartsTheWindow() {
        JitQuiet jit = watch(Duration.ofMillis(1000));
        nanos = 900_000_000L;
        compilationMillis = 40;
        assertThat(jit.quiet()).isFalse();
        nanos = 1_500_000_000L;
        assertThat(jit.quiet()).isFalse();
        nanos = 1_900_000_000L;
        assertThat(jit.quiet()).isTrue();
    }

    @Test
    void thisJvmWithAZeroWindowIsQuiet() {
        assertThat(JitQuiet.ofThisJvm(Duration.ZERO).quiet()).isTrue();
    }
}
