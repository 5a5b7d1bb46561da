package dev.gatun.spring.autoconfigure.mismatch;

import dev.gatun.spring.autoconfigure.function.WasmFunction;
import dev.gatun.spring.autoconfigure.function.WasmModule;

/** Disagrees with calc.wat: add takes two i32, not i64s. Scanned only by the mismatch test. */
@WasmModule("calc")
public interface WrongCalc {
    @WasmFunction
    long add(long a, long b);
}
