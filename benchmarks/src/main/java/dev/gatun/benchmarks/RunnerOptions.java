package dev.gatun.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the corpus runner:
 * {@code [--corpus DIR] [--modules a,b] [--engines e1,e2] [--iterations N] [--warmup SECONDS] [--jit-wait SECONDS] [--baseline ENGINE] [--out DIR] [--smoke] [--prepare-only]}.
 */
record RunnerOptions(Path corpus, List<String> modules, List<String> engines, int warmIterations, String baseline,
                     Path out, String node, boolean prepareOnly, Duration runTimeout, Duration warmup,
                     Duration jitWait) {

    static final List<String> ALL_ENGINES = List.of("gatun", "chicory-compiler", "chicory-interpreter", "wasmtime", "node");
    /**
     * Engines only run when named: {@code gatun-unchecked} is Gatun compiled without interrupt checks (no loop-header
     * polls), to measure what the checks cost on real programs in the same run.
     */
    static final List<String> EXTRA_ENGINES = List.of("gatun-unchecked");
    /** Small and fast on every engine, and it reads input files, so the preopened folder is exercised too. */
    static final String SMOKE_MODULE = "shootout-ackermann";
    /** Warm-up never runs a module more often than this, however short it is. */
    static final int MAX_WARMUP_RUNS = 2000;

    static final String USAGE = """
            usage: CorpusRunner [--corpus DIR] [--modules NAME,...] [--engines NAME,...] [--iterations N] [--warmup SECONDS]
                                [--baseline ENGINE] [--out DIR] [--node PATH] [--smoke] [--prepare-only]
                                [--run-timeout SECONDS] [--jit-wait SECONDS]
              --corpus      sightglass corpus folder (default: $GATUN_BENCH_CORPUS, else ../shared/bench-corpus
                            seen from here or up to two folders up)
              --modules     module names as in the report, e.g. quicksort,shootout-fib2 (default: all)
              --engines     subset and order of %s (default: all); also gatun-unchecked (Gatun
                            without interrupt checks, so without the run timeout)
              --iterations  measured warm runs after the first run and the warm-up, per engine and module (default: 5)
              --warmup      unmeasured runs after the first run until each engine has run this long on the module
                            (at most %d runs; default: 2), so that JIT compilers reach steady state; then more
                            until this JVM's JIT has finished no compilation for 1 s (at most --jit-wait more);
                            0: no warm-up at all
              --jit-wait    the most warm-up added waiting for a quiet JIT, per module (default: 15); a round
                            under way is finished, so a module of seconds may overrun it by one run per engine
              --baseline    engine whose time is divided by each peer's in the ratios (default: gatun)
              --out         folder for corpus.md, corpus.csv, corpus-ratios.svg (default: target/corpus of this module)
              --node        node executable (default: node)
              --smoke       one module (shootout-ackermann), one run per engine: a quick check that every engine works
              --run-timeout a Gatun run taking longer is interrupted and reported as failed (default: 600)
              --prepare-only  only parse/validate/compile (no runs): which modules each engine accepts, and compile times
            """.formatted(String.join(",", ALL_ENGINES), MAX_WARMUP_RUNS);

    static RunnerOptions parse(String... args) {
        Path corpus = null;
        List<String> modules = List.of();
        List<String> engines = ALL_ENGINES;
        int iterations = 5;
        String baseline = "gatun";
        Path out = null;
        String node = "node";
        boolean smoke = false;
        boolean prepareOnly = false;
        int runTimeoutSeconds = 600;
        int warmupSeconds = 2;
        int jitWaitSeconds = 15;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--corpus" -> corpus = Path.of(value(args, ++i, arg));
                case "--modules" -> modules = list(value(args, ++i, arg));
                case "--engines" -> engines = list(value(args, ++i, arg));
                case "--iterations" -> iterations = nonNegative(value(args, ++i, arg), arg);
                case "--baseline" -> baseline = value(args, ++i, arg);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--node" -> node = value(args, ++i, arg);
                case "--smoke" -> smoke = true;
                case "--prepare-only" -> prepareOnly = true;
                case "--run-timeout" -> runTimeoutSeconds = nonNegative(value(args, ++i, arg), arg);
                case "--warmup" -> warmupSeconds = nonNegative(value(args, ++i, arg), arg);
                case "--jit-wait" -> jitWaitSeconds = nonNegative(value(args, ++i, arg), arg);
                default -> throw new IllegalArgumentException("unknown argument: " + arg + "\n" + USAGE);
            }
        }
        for (String engine : engines) {
            if (!ALL_ENGINES.contains(engine) && !EXTRA_ENGINES.contains(engine)) {
                throw new IllegalArgumentException("unknown engine: " + engine + " (known: " + ALL_ENGINES + ", "
                        + EXTRA_ENGINES + ")");
            }
        }
        if (smoke) {
            if (modules.isEmpty()) modules = List.of(SMOKE_MODULE);
            iterations = 0;
            warmupSeconds = 0;
        }
        return new RunnerOptions(corpus != null ? corpus : defaultCorpus(), modules, engines, iterations, baseline,
                out != null ? out : defaultOut(), node, prepareOnly, Duration.ofSeconds(Math.max(1, runTimeoutSeconds)),
                Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(jitWaitSeconds));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        return args[i];
    }

    private static List<String> list(String value) {
        return new ArrayList<>(Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    private static int nonNegative(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a number >= 0, got: " + value);
    }

    /**
     * {@code GATUN_BENCH_CORPUS} when set, else the shared corpus beside the repository (or beside its parent, for
     * a worktree), seen from the repository root or from this module's folder.
     */
    static Path defaultCorpus() {
        String fromEnvironment = System.getenv("GATUN_BENCH_CORPUS");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return Path.of(fromEnvironment).toAbsolutePath();
        for (String candidate : List.of("../shared/bench-corpus", "../../shared/bench-corpus", "../../../shared/bench-corpus")) {
            Path path = Path.of(candidate);
            if (Files.isDirectory(path)) return path.toAbsolutePath().normalize();
        }
        return Path.of("../shared/bench-corpus").toAbsolutePath().normalize();
    }

    /** {@code target/corpus} of this module: next to the jar or the classes folder this class was loaded from. */
    private static Path defaultOut() {
        try {
            Path location = Path.of(RunnerOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve("corpus");
        } catch (Exception e) {
            return Path.of("target", "corpus");
        }
    }
}
