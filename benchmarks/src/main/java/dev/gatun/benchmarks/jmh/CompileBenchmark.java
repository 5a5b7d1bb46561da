package dev.gatun.benchmarks.jmh;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.ExportType;
import dev.gatun.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compile throughput on a corpus module (default {@code bz2}: 196 KB, of which 90,533 bytes of code in 93
 * functions): decode, validate and compile to JVM classes, from the bytes, every time (Gatun's module cache is off). Chicory's compiler does the same
 * ({@code Parser.parse} then {@code MachineFactoryCompiler.compile}). The primary score is compiles per second;
 * the secondary {@code codeBytes} score is bytes of code section compiled per second (divide by 10^6 for MB/s).
 * The corpus is found like the corpus runner finds it: {@code $GATUN_BENCH_CORPUS}, else
 * {@code shared/bench-corpus} beside the working folder or up to two folders above.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CompileBenchmark {
    @Param({"gatun", "chicory-compiler"})
    public String engine;

    /** A folder of the corpus holding {@code benchmark.wasm}. */
    @Param({"bz2"})
    public String module;

    private byte[] binary;
    private long codeBytes;
    private Engine gatun;

    /** JMH reports {@link #codeBytes} per second next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class CompiledCode {
        public long codeBytes;

        @Setup(Level.Iteration)
        public void clear() {
            codeBytes = 0;
        }
    }

    @Setup
    public void read() throws IOException {
        binary = Files.readAllBytes(corpus().resolve(module).resolve("benchmark.wasm"));
        codeBytes = CodeSection.size(binary);
        BenchmarkChecks.expect(module + " has a code section", codeBytes > 0);
        gatun = Engine.create(EngineConfig.builder().moduleCacheSize(0).build());
        BenchmarkChecks.expect(engine + " compiles " + module + " and sees its _start export", compiledExports().contains("_start"));
    }

    private List<String> compiledExports() {
        return switch (engine) {
            case "gatun" -> Module.fromBytes(gatun, binary).exports().stream().map(ExportType::name).toList();
            case "chicory-compiler" -> {
                var parsed = Parser.parse(binary);
                BenchmarkChecks.expect("chicory-compiler machine factory", MachineFactoryCompiler.compile(parsed) != null);
                var exports = parsed.exportSection();
                yield java.util.stream.IntStream.range(0, exports.exportCount()).mapToObj(i -> exports.getExport(i).name()).toList();
            }
            default -> throw new IllegalArgumentException("no compile adapter for engine " + engine);
        };
    }

    @Benchmark
    public Object compile(CompiledCode counter) {
        counter.codeBytes += codeBytes;
        if (engine.equals("gatun")) return Module.fromBytes(gatun, binary);
        var parsed = Parser.parse(binary);
        return MachineFactoryCompiler.compile(parsed);
    }

    long codeBytes() {
        return codeBytes;
    }

    static Path corpus() {
        String fromEnvironment = System.getenv("GATUN_BENCH_CORPUS");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return Path.of(fromEnvironment);
        for (String candidate : List.of("../shared/bench-corpus", "../../shared/bench-corpus", "../../../shared/bench-corpus")) {
            Path folder = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(folder)) return folder;
        }
        throw new IllegalStateException("no bench corpus found: set GATUN_BENCH_CORPUS (looked for ../shared/bench-corpus)");
    }
}
