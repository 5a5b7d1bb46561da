package dev.gatun.spring.autoconfigure.missing;

import dev.gatun.spring.autoconfigure.function.WasmFunction;
import dev.gatun.spring.autoconfigure.function.WasmModule;

/** Names an export calc.wat does not have. Scanned only by the start-up failure test. */
@WasmModule("calc")
public interface NoSuchExport {
    @WasmFunction("subtract")
    int minus(int a, int b);
}
