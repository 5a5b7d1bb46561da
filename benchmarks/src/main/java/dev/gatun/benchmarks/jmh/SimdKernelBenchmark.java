package dev.gatun.benchmarks.jmh;

import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.text.WatParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A SIMD kernel against the same kernel in scalar Wasm, both compiled by Gatun in the same run
 * ({@code simd-kernels.wat}: an i32 dot product of two 4096-element vectors). The ratio
 * {@code dotScalar / dotSimd} is the figure to report: above 1 means the v128 code pays off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SimdKernelBenchmark {
    static final String SCALAR = "dot_scalar";
    static final String SIMD = "dot_simd";
    /** Passes over the vectors per call (each pass: 4096 multiply-adds). */
    static final int ROUNDS = 20;

    private Instance instance;

    @Setup
    public void instantiate() {
        instance = instantiateKernels();
    }

    static Instance instantiateKernels() {
        Instance instance = Instance.instantiate(WatParser.parseModule(text()), Map.of());
        instance.invoke("init", 12345);
        return instance;
    }

    static String text() {
        try (InputStream in = SimdKernelBenchmark.class.getResourceAsStream("/dev/gatun/benchmarks/kernels/simd-kernels.wat")) {
            if (in == null) throw new IllegalStateException("simd-kernels.wat missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public int dotScalar() {
        return (Integer) instance.invoke(SCALAR, ROUNDS)[0];
    }

    @Benchmark
    public int dotSimd() {
        return (Integer) instance.invoke(SIMD, ROUNDS)[0];
    }
}
