package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark modules with the largest functions (SIMD ones and every libsodium module included) (only when {@code -Dgatun.benchcorpus} names the corpus
 * folder) compile to classes whose every method is JIT-compilable; prints how much was split.
 */
class SplitCorpusTest {
    private static final List<String> MODULES = List.of("hashset/benchmark.wasm", "rust-compression/benchmark.wasm",
            "shootout/shootout-ed25519.wasm", "sqlite3/sqlite3.wasm", "blake3-simd/benchmark.wasm",
            "intgemm-simd/benchmark.wasm");

    @Test
    void largeCorpusFunctionsCompileUnderTheJitLimit() throws Exception {
        String corpus = System.getProperty("gatun.benchcorpus", "");
        assumeTrue(!corpus.isBlank(), "gatun.benchcorpus not given");
        List<String> names = new java.util.ArrayList<>(MODULES);
        Path sodium = Path.of(corpus).resolve("libsodium");
        if (Files.isDirectory(sodium)) {
            try (var files = Files.list(sodium)) {
                files.map(f -> "libsodium/" + f.getFileName()).filter(n -> n.endsWith(".wasm")).sorted().forEach(names::add);
            }
        }
        for (String name : names) {
            Path file = Path.of(corpus).resolve(name);
            if (!Files.exists(file)) continue;
            byte[] bytes = ModuleCompiler.classBytes(Validator.validate(ModuleDecoder.decode(Files.readAllBytes(file))));
            int largest = 0;
            String largestName = "";
            int largestSegment = 0;
            int segments = 0;
            long splitFunctions = 0;
            for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
                String method = m.methodName().stringValue();
                int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
                if (length > largest) {
                    largest = length;
                    largestName = method;
                }
                if (method.contains("$s")) {
                    segments++;
                    largestSegment = Math.max(largestSegment, length);
                }
                if (method.endsWith("$s0")) splitFunctions++;
            }
            System.out.printf("%-34s split functions %d, segment methods %d (largest %d bytes),"
                    + " largest method %s %d bytes%n", name, splitFunctions, segments, largestSegment, largestName, largest);
            assertThat(largest).as(name).isLessThanOrEqualTo(SplitFunctionEmitter.JIT_LIMIT);
        }
    }

    @Test
    void bz2SegmentsStayWithinWhatC1Compiles() throws Exception {
        // bz2's segments of 4879-6747 bytes made C1 bail out ("out of virtual registers"): its hot loops
        // stayed interpreted until C2 OSR-compiled them, or never
        int smallestSegmentC1GaveUpOn = 4879;
        String corpus = System.getProperty("gatun.benchcorpus", "");
        assumeTrue(!corpus.isBlank(), "gatun.benchcorpus not given");
        Path file = Path.of(corpus).resolve("bz2/benchmark.wasm");
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(ModuleDecoder.decode(Files.readAllBytes(file))));
        List<String> segments = new java.util.ArrayList<>();
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            String method = m.methodName().stringValue();
            int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            if (method.contains("$s")) segments.add(method + " " + length);
        }
        assertThat(segments).hasSizeGreaterThan(10).allSatisfy(segment -> assertThat(
                Integer.parseInt(segment.substring(segment.indexOf(' ') + 1))).as(segment)
                .isLessThan(smallestSegmentC1GaveUpOn));
    }
}
