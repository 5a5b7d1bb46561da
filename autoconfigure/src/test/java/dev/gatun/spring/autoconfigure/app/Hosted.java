package dev.gatun.spring.autoconfigure.app;

import dev.gatun.spring.autoconfigure.function.WasmFunction;
import dev.gatun.spring.autoconfigure.function.WasmModule;

@WasmModule("hosted")
public interface Hosted {
    @WasmFunction
    int quadruple(int value);
}
