package dev.gatun.examples;

/** The bundled {@code runaway} module: {@code spin} never returns, to show the time limit and circuit breaker. */
public interface Runaway {
    void spin();
}
