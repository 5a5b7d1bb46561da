package dev.gatun.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker("m.f", 3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        for (int i = 0; i < 2; i++) {
            breaker.acquire();
            breaker.onFailure();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.acquire();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(breaker::acquire).isInstanceOf(CircuitOpenException.class)
                .hasMessage("circuit breaker of m.f is open after repeated failures; retry in 10s");
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void afterOpenForOneTrialGoesThroughAndItsSuccessCloses() {
        for (int i = 0; i < 3; i++) breaker.onFailure();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        breaker.acquire();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThatThrownBy(breaker::acquire).as("a second call while the trial runs").isInstanceOf(CircuitOpenException.class);
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.acquire();
    }

    @Test
    void aFailedTrialReopensAtOnce() {
        for (int i = 0; i < 3; i++) breaker.onFailure();
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        breaker.acquire();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThatThrownBy(breaker::acquire).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void thresholdBelowOneIsRejected() {
        assertThatThrownBy(() -> new CircuitBreaker("m.f", 0, Duration.ofSeconds(1), now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
