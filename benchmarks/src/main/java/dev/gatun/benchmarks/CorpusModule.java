package dev.gatun.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One sightglass module of the corpus: a WASI command run with its own folder preopened as {@code .}, whose
 * stdout/stderr are checked against {@code <stem>.stdout.expected} / {@code <stem>.stderr.expected} when present.
 *
 * @param name display name: the folder for {@code benchmark.wasm}, else the file stem (e.g. {@code shootout-fib2})
 * @param wasm the module file
 * @param stem {@code benchmark} for {@code benchmark.wasm}, else the file name without {@code .wasm}; also argv[0]
 */
public record CorpusModule(String name, Path wasm, String stem) {

    /** The folder the module runs in (preopened as {@code .}). */
    public Path folder() {
        return wasm.getParent();
    }

    /** The expected stdout, or null when upstream does not check it. */
    public byte[] expectedStdout() throws IOException {
        return readIfPresent(folder().resolve(stem + ".stdout.expected"));
    }

    /** The expected stderr, or null when upstream does not check it. */
    public byte[] expectedStderr() throws IOException {
        return readIfPresent(folder().resolve(stem + ".stderr.expected"));
    }

    private static byte[] readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    /** All modules under a corpus folder (one level of sub-folders, each with one or more .wasm), sorted by name. */
    public static List<CorpusModule> discover(Path corpus) throws IOException {
        if (!Files.isDirectory(corpus)) throw new IOException("benchmark corpus folder not found: " + corpus);
        List<CorpusModule> modules = new ArrayList<>();
        try (Stream<Path> folders = Files.list(corpus)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path wasm : files.filter(f -> f.getFileName().toString().endsWith(".wasm")).sorted().toList()) {
                        modules.add(of(wasm));
                    }
                }
            }
        }
        return modules;
    }

    /** The module for one .wasm file, named as {@link #discover} names it. */
    public static CorpusModule of(Path wasm) {
        String file = wasm.getFileName().toString();
        String stem = file.substring(0, file.length() - ".wasm".length());
        String name = stem.equals("benchmark") ? wasm.toAbsolutePath().getParent().getFileName().toString() : stem;
        return new CorpusModule(name, wasm.toAbsolutePath(), stem);
    }
}
