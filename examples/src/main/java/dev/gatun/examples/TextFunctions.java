package dev.gatun.examples;

import dev.gatun.spring.autoconfigure.function.WasmFunction;
import dev.gatun.spring.autoconfigure.function.WasmModule;

/**
 * The bundled {@code text} module (modules/text.wat) as a typed bean made by the starter: strings and byte
 * arrays are copied into guest memory from its {@code malloc} and returned as a packed pointer and length.
 */
@WasmModule("text")
public interface TextFunctions {
    @WasmFunction
    int add(int a, int b);

    @WasmFunction
    long fib(long n);

    /** ASCII letters upper-cased by the module; other characters unchanged. */
    @WasmFunction
    String upper(String text);

    /** The bytes in reverse order. */
    @WasmFunction
    byte[] reverse(byte[] bytes);
}
