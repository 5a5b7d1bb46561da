package dev.gatun.benchmarks.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The JMH kernels ({@code kernels.wat} and its binary {@code kernels.wasm}), read from the classpath. */
public final class KernelModule {
    public static final String LOOP = "loop_mix";
    public static final String RECURSIVE = "fib";
    public static final String MEMORY = "memory_mix";

    private KernelModule() {
    }

    public static byte[] binary() {
        return resource("kernels.wasm");
    }

    public static String text() {
        return new String(resource("kernels.wat"), StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = KernelModule.class.getResourceAsStream("/dev/gatun/benchmarks/kernels/" + name)) {
            if (in == null) throw new IllegalStateException("kernel resource missing from the classpath: " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel resource " + name, e);
        }
    }
}
