package dev.gatun.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.Engine;
import dev.gatun.Instance;
import dev.gatun.Module;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Runs every issue-4 benchmark method once per parameter value, through its setup (which checks the result)
 * and teardown, without JMH: keeps the benchmarks compiling and correct.
 */
class MicroBenchmarksTest {
    @Test
    void callOverheadMethodsAddTheirArguments() throws Throwable {
        var benchmark = new CallOverheadBenchmark();
        benchmark.instantiate();
        benchmark.left = 7;
        benchmark.right = -10;
        assertThat(benchmark.gatunTypedView()).isEqualTo(-3);
        assertThat(benchmark.gatunHandleInvokeExact()).isEqualTo(-3);
        assertThat(benchmark.chicoryCompilerExport()).isEqualTo(-3);
        benchmark.close();
    }

    @Test
    void hostCallsSumTheHostFunctionOnEveryEngine() {
        for (String engine : new String[] {"gatun", "chicory-compiler"}) {
            var benchmark = new HostCallBenchmark();
            benchmark.engine = engine;
            benchmark.instantiate();
            assertThat(benchmark.hostCalls()).as(engine).isEqualTo(MicroModule.expectedHostSum(HostCallBenchmark.CALLS));
            benchmark.close();
        }
        assertThat(MicroModule.expectedHostSum(HostCallBenchmark.CALLS)).isEqualTo(3 * 999 * 1000 / 2 + 1000);
    }

    @Test
    void instantiateGivesAnInstanceOnEveryEngine() {
        for (String engine : new String[] {"gatun", "chicory-compiler"}) {
            var benchmark = new InstantiateBenchmark();
            benchmark.engine = engine;
            benchmark.compile();
            Object instance = benchmark.instantiate();
            if (engine.equals("gatun")) assertThat(((Instance) instance).isClosed()).as("closed after the call").isTrue();
            else assertThat(instance).isInstanceOf(com.dylibso.chicory.runtime.Instance.class);
        }
    }

    @Test
    void everyPoolModeServesAnInitialisedInstanceEachRequest() {
        for (String mode : new String[] {"gatun-pool", "gatun-fresh", "chicory-compiler-fresh"}) {
            var benchmark = new PoolBenchmark();
            benchmark.mode = mode;
            benchmark.prepare();
            for (int i = 0; i < 3; i++) {
                int address = nextAddressOf(benchmark);
                assertThat(benchmark.request()).as(mode + " request " + i).isEqualTo(DataSegmentModule.initialByte(address));
            }
            benchmark.close();
        }
    }

    /** The address the next request touches (12,345 after setup, then steps of 4,099). */
    private static int nextAddressOf(PoolBenchmark benchmark) {
        try {
            var field = PoolBenchmark.class.getDeclaredField("address");
            field.setAccessible(true);
            return field.getInt(benchmark);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loopKernelGivesTheReferenceResultWithEveryLimitSetting() {
        int expected = LimitChecksBenchmark.loopMixReference(KernelBenchmark.LOOP_ROUNDS);
        assertThat(expected).isNotZero();
        for (String checks : new String[] {"off", "deadline", "fuel"}) {
            var benchmark = new LimitChecksBenchmark();
            benchmark.checks = checks;
            benchmark.instantiate();
            assertThat(benchmark.loopKernel()).as(checks).isEqualTo(expected);
            benchmark.close();
        }
    }

    @Test
    void compileCountsTheCodeSectionOnEveryEngine() throws Exception {
        assumeTrue(Files.isDirectory(corpusOrNull()), "no bench corpus");
        for (String engine : new String[] {"gatun", "chicory-compiler"}) {
            var benchmark = new CompileBenchmark();
            benchmark.engine = engine;
            benchmark.module = "bz2";
            benchmark.read();
            var counter = new CompileBenchmark.CompiledCode();
            assertThat(benchmark.compile(counter)).as(engine).isNotNull();
            assertThat(counter.codeBytes).isEqualTo(benchmark.codeBytes()).isEqualTo(0x161a5); // wasm-objdump -h: Code size=0x000161a5
        }
    }

    private static java.nio.file.Path corpusOrNull() {
        try {
            return CompileBenchmark.corpus();
        } catch (IllegalStateException e) {
            return java.nio.file.Path.of("/nonexistent");
        }
    }

    @Test
    void compileSetupRejectsAnUnknownEngine() {
        assumeTrue(Files.isDirectory(corpusOrNull()), "no bench corpus");
        var benchmark = new CompileBenchmark();
        benchmark.engine = "nope";
        benchmark.module = "bz2";
        assertThatThrownBy(benchmark::read).hasMessageContaining("nope");
    }

    @Test
    void committedMicroBinaryMatchesTheText() {
        Engine engine = Engine.create();
        try (Instance fromText = MicroModule.gatunLinker(engine).instantiate(Module.fromWat(engine, MicroModule.text()));
             Instance fromBinary = MicroModule.gatunLinker(engine).instantiate(Module.fromBytes(engine, MicroModule.binary()))) {
            for (String name : new String[] {MicroModule.CALL_HOST, MicroModule.DATA_BYTE}) {
                assertThat(fromText.function(name).asIntUnaryOperator().applyAsInt(20))
                        .as(name).isEqualTo(fromBinary.function(name).asIntUnaryOperator().applyAsInt(20));
            }
            assertThat(fromText.function(MicroModule.ADD).asIntBinaryOperator().applyAsInt(5, 6)).isEqualTo(11);
            assertThat(fromText.exports()).isEqualTo(fromBinary.exports());
        }
    }

    @Test
    void dataSegmentModuleHasA1MiBSegmentBehindItsCode() {
        byte[] binary = DataSegmentModule.binary();
        assertThat(binary.length).isGreaterThan(DataSegmentModule.DATA_BYTES);
        assertThat(CodeSection.size(binary)).isEqualTo(25);
        Engine engine = Engine.create();
        try (Instance instance = new dev.gatun.Linker(engine).instantiate(Module.fromBytes(engine, binary))) {
            var touch = instance.function(DataSegmentModule.TOUCH).asIntUnaryOperator();
            int last = DataSegmentModule.DATA_BYTES - 1;
            assertThat(touch.applyAsInt(last)).isEqualTo(DataSegmentModule.initialByte(last));
            assertThat(touch.applyAsInt(last)).isEqualTo((DataSegmentModule.initialByte(last) + 1) & 0xFF);
            assertThat(touch.applyAsInt(DataSegmentModule.DATA_BYTES)).as("above the segment").isZero();
        }
    }

    @Test
    void codeSectionSizeRejectsATruncatedModule() {
        byte[] truncated = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, (byte) 0x80};
        assertThatThrownBy(() -> CodeSection.size(truncated)).hasMessageContaining("truncated");
        byte[] lying = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x7f};
        assertThatThrownBy(() -> CodeSection.size(lying)).hasMessageContaining("past the end");
    }
}
