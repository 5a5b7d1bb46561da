package dev.gatun.spring.autoconfigure.app;

import java.nio.ByteBuffer;

import dev.gatun.spring.autoconfigure.function.WasmFunction;
import dev.gatun.spring.autoconfigure.function.WasmModule;

/** The test application's typed view of calc.wat. */
@WasmModule("calc")
public interface Calc {
    @WasmFunction
    int add(int a, int b);

    @WasmFunction("mul")
    long multiply(long a, long b);

    @WasmFunction
    double half(double value);

    @WasmFunction
    int divide(int a, int b);

    @WasmFunction
    String upper(String text);

    @WasmFunction("upper")
    byte[] upperBytes(byte[] bytes);

    @WasmFunction("upper")
    ByteBuffer upperBuffer(ByteBuffer bytes);

    @WasmFunction
    void spin();

    @WasmFunction
    void crash();

    @WasmFunction
    int recurse(int depth);

    @WasmFunction
    int grow(int pages);

    /** Runs locally: default methods are not exports. */
    default int addThree(int a, int b, int c) {
        return add(add(a, b), c);
    }
}
