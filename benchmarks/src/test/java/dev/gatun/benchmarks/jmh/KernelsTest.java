package dev.gatun.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.text.WatParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernels compute what their Java transcriptions compute, on every engine, from the binary and the text. */
class KernelsTest {
    private static final int LOOP_N = 10_000;
    private static final int FIB_N = 15;
    private static final int MEMORY_ROUNDS = 3;

    @Test
    void everyEngineComputesTheJavaReferenceResults() {
        for (String engine : new String[] {"gatun", "chicory-compiler", "chicory-interpreter"}) {
            KernelInstance kernels = KernelInstance.of(engine, KernelModule.binary());
            assertThat(kernels.call(KernelModule.LOOP, LOOP_N)).as(engine + " loop").isEqualTo(loopMix(LOOP_N));
            assertThat(kernels.call(KernelModule.RECURSIVE, FIB_N)).as(engine + " fib").isEqualTo(610);
            assertThat(kernels.call(KernelModule.MEMORY, MEMORY_ROUNDS)).as(engine + " memory")
                    .isEqualTo(memoryMix(MEMORY_ROUNDS));
        }
    }

    @Test
    void committedBinaryMatchesTheText() {
        Instance fromText = Instance.instantiate(WatParser.parseModule(KernelModule.text()), Map.of());
        KernelInstance fromBinary = KernelInstance.gatun(KernelModule.binary());
        assertThat(fromText.invoke(KernelModule.LOOP, LOOP_N)[0]).isEqualTo(fromBinary.call(KernelModule.LOOP, LOOP_N));
        assertThat(fromText.invoke(KernelModule.RECURSIVE, 20)[0]).isEqualTo(fromBinary.call(KernelModule.RECURSIVE, 20));
        assertThat(fromText.invoke(KernelModule.MEMORY, 2)[0]).isEqualTo(fromBinary.call(KernelModule.MEMORY, 2));
    }

    @Test
    void kernelsDoNotAllReturnTrivialValues() {
        assertThat(loopMix(LOOP_N)).isNotZero();
        assertThat(memoryMix(MEMORY_ROUNDS)).isNotZero();
    }

    private static int loopMix(int n) {
        int x = 0x9E3779B9;
        int acc = 0;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            if ((x & 1) != 0) acc += x * 31;
            else acc -= i;
        }
        return acc;
    }

    private static int memoryMix(int rounds) {
        ByteBuffer memory = ByteBuffer.allocate(65536).order(ByteOrder.LITTLE_ENDIAN);
        int sum = 0;
        for (int r = 0; r < rounds; r++) {
            for (int addr = 4; addr < 65536; addr += 4) {
                memory.putInt(addr, memory.getInt(addr - 4) + addr + r);
                if ((addr & 255) == 0) sum += memory.get(addr) & 0xFF;
            }
        }
        return sum;
    }
}
