package dev.gatun.spring.autoconfigure.app;

import java.util.concurrent.atomic.AtomicInteger;

import dev.gatun.spring.autoconfigure.module.WasmHostFunction;

/** A host function bean that hosted.wat imports as env.twice. */
public class Doubler {
    public final AtomicInteger calls = new AtomicInteger();

    @WasmHostFunction(module = "env", name = "twice")
    public int twice(int value) {
        calls.incrementAndGet();
        return value * 2;
    }
}
