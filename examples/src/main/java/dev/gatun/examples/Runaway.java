package dev.gatun.examples;

import dev.gatun.spring.autoconfigure.function.WasmFunction;
import dev.gatun.spring.autoconfigure.function.WasmModule;

/** The bundled {@code runaway} module: {@code spin} never returns, to show the time limit and circuit breaker. */
@WasmModule("runaway")
public interface Runaway {
    @WasmFunction
    void spin();
}
