package dev.gatun.benchmarks.jmh;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.Instance;
import dev.gatun.InstancePool;
import dev.gatun.InstancePre;
import dev.gatun.Linker;
import dev.gatun.Module;
import dev.gatun.PoolConfig;
import dev.gatun.PooledInstance;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request on a module with a 1 MiB data segment: get a clean instance, call {@code touch} (which writes
 * memory, so the instance must be reset before reuse), give the instance back. {@code gatun-pool} borrows from an
 * {@link InstancePool} and returns (resets) on close, copying the data image back into its heap memory;
 * {@code gatun-pool-off-heap} does the same on an engine with {@code offHeapMemories}, whose pool maps the image
 * copy-on-write and resets by dropping the written pages; {@code gatun-fresh} instantiates and closes instead;
 * Chicory has no pool, so {@code chicory-compiler-fresh} builds a fresh instance each time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PoolBenchmark {
    @Param({"gatun-pool", "gatun-pool-off-heap", "gatun-fresh", "chicory-compiler-fresh"})
    public String mode;

    private InstancePre gatunPre;
    private InstancePool pool;
    private WasmModule chicoryModule;
    private Function<com.dylibso.chicory.runtime.Instance, Machine> chicoryMachine;
    /** Walks through the segment so that successive requests touch different bytes. */
    private int address;

    @Setup
    public void prepare() {
        byte[] binary = DataSegmentModule.binary();
        switch (mode) {
            case "gatun-pool", "gatun-pool-off-heap", "gatun-fresh" -> {
                Engine engine = Engine.create(EngineConfig.builder().offHeapMemories(mode.equals("gatun-pool-off-heap")).build());
                gatunPre = new Linker(engine).instantiatePre(Module.fromBytes(engine, binary));
                if (mode.startsWith("gatun-pool")) pool = gatunPre.pool(new PoolConfig(1, 1, Duration.ofSeconds(10)));
            }
            case "chicory-compiler-fresh" -> {
                chicoryModule = Parser.parse(binary);
                chicoryMachine = MachineFactoryCompiler.compile(chicoryModule);
            }
            default -> throw new IllegalArgumentException("no pool adapter for mode " + mode);
        }
        checkEveryRequestSeesTheDataSegment();
    }

    /** Two requests on the same byte: both must see its initial value, so the first one's write was undone. */
    private void checkEveryRequestSeesTheDataSegment() {
        int probe = 12_345;
        int initial = DataSegmentModule.initialByte(probe);
        for (int request = 1; request <= 2; request++) {
            address = probe;
            BenchmarkChecks.expect(mode + " request " + request + " touch(" + probe + ")", request(), initial);
        }
        if (pool != null) {
            BenchmarkChecks.expect("gatun-pool created one instance and reset it", pool.stats().created() == 1 && pool.stats().reset() >= 2);
        }
    }

    @TearDown
    public void close() {
        if (pool != null) pool.close();
    }

    @Benchmark
    public int request() {
        int at = address;
        address = (at + 4099) & (DataSegmentModule.DATA_BYTES - 1);
        if (pool != null) {
            try (PooledInstance lease = pool.borrow()) {
                return lease.function(DataSegmentModule.TOUCH).asIntUnaryOperator().applyAsInt(at);
            }
        }
        if (gatunPre != null) {
            try (Instance instance = gatunPre.instantiate()) {
                return instance.function(DataSegmentModule.TOUCH).asIntUnaryOperator().applyAsInt(at);
            }
        }
        var instance = com.dylibso.chicory.runtime.Instance.builder(chicoryModule).withMachineFactory(chicoryMachine).build();
        return (int) instance.export(DataSegmentModule.TOUCH).apply(at)[0];
    }
}
