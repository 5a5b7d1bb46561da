package dev.gatun.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import org.junit.jupiter.api.Test;

/** The SIMD kernel and its scalar twin compute the Java reference dot product. */
class SimdKernelsTest {
    @Test
    void simdAndScalarKernelsAgreeWithJava() {
        Instance kernels = SimdKernelBenchmark.instantiateKernels();
        int expected = dot(12345, 3);
        assertThat(expected).isNotZero();
        assertThat(kernels.invoke(SimdKernelBenchmark.SCALAR, 3)).containsExactly(expected);
        assertThat(kernels.invoke(SimdKernelBenchmark.SIMD, 3)).containsExactly(expected);
    }

    private static int dot(int seed, int rounds) {
        int acc = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 4096; i++) acc += (i * 7 + seed) * ((i * 0x9E3779B1) ^ seed);
        }
        return acc;
    }
}
