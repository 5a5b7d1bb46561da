package dev.gatun.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the sightglass corpus on every engine in one process and writes {@code corpus.md}, {@code corpus.csv}
 * and {@code corpus-ratios.svg}. Per module, all engines prepare first, then run in turns (A B C A B C ...) so
 * that drift of a busy machine spreads over all of them. See README.md for the command.
 */
public final class CorpusRunner {
    private final RunnerOptions options;
    private final PrintStream log;

    CorpusRunner(RunnerOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(RunnerOptions.USAGE);
            return;
        }
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CorpusRunner runner = new CorpusRunner(options, System.out);
        Path written = runner.write(runner.run(), String.join(" ", args));
        System.out.println("reports written to " + written);
    }

    Results run() throws IOException {
        List<CorpusModule> modules = selectModules();
        Results results = new Results();
        for (CorpusModule module : modules) runModule(module, results);
        return results;
    }

    private List<CorpusModule> selectModules() throws IOException {
        List<CorpusModule> all = CorpusModule.discover(options.corpus());
        if (options.modules().isEmpty()) return all;
        List<CorpusModule> selected = new ArrayList<>();
        for (String name : options.modules()) {
            selected.add(all.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no module named " + name + " in " + options.corpus())));
        }
        return selected;
    }

    private void runModule(CorpusModule module, Results results) {
        log.println("== " + module.name());
        Map<String, BenchEngine.Prepared> prepared = new LinkedHashMap<>();
        Map<String, Measurement> measurements = new LinkedHashMap<>();
        List<BenchEngine> engines = createEngines();
        try {
            for (BenchEngine engine : engines) {
                Measurement m = new Measurement(module.name(), engine.name());
                measurements.put(engine.name(), m);
                results.add(m);
                prepare(engine, module, m).ifPresent(p -> prepared.put(engine.name(), p));
            }
            if (!options.prepareOnly()) {
                alternate(prepared, measurements, module, 1); // the cold run
                warmUp(prepared, measurements, module);
                alternate(prepared, measurements, module, options.warmIterations());
            }
            for (Measurement m : measurements.values()) {
                log.printf(Locale.ROOT, "   %-20s %s%n", m.engine(), options.prepareOnly() && m.isRunnable()
                        ? "prepare " + TimeFormat.millis(m.prepareNanos()) + " ms"
                        : m.hasTimes()
                        ? "prepare " + TimeFormat.millis(m.prepareNanos()) + " ms, first " + TimeFormat.millis(m.firstRunNanos())
                          + " ms, median " + TimeFormat.millis(m.medianNanos()) + " ms"
                        : m.status() + ": " + m.note());
            }
        } finally {
            prepared.values().forEach(CorpusRunner::closeQuietly);
            engines.forEach(CorpusRunner::closeQuietly);
        }
    }

    /** Runs every engine {@code rounds} times, alternating (A B A B ...) so that machine drift hits all alike. */
    private static void alternate(Map<String, BenchEngine.Prepared> prepared, Map<String, Measurement> measurements,
                                  CorpusModule module, int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, BenchEngine.Prepared> entry : prepared.entrySet()) {
                Measurement m = measurements.get(entry.getKey());
                if (m.isRunnable()) runOnce(entry.getValue(), module, m);
            }
        }
    }

    /** How long this JVM's JIT must have finished no compilation before a warm-up may end. */
    static final Duration JIT_QUIET_WINDOW = Duration.ofSeconds(1);

    /**
     * Unmeasured runs, alternating, until each engine has spent {@code --warmup} running the module (or made
     * {@link RunnerOptions#MAX_WARMUP_RUNS} runs): JIT-compiling engines (Gatun, Chicory's compiler, V8's tiers)
     * reach steady state before the measured runs. Then, still alternating, until this JVM's JIT has been quiet
     * for {@link #JIT_QUIET_WINDOW} (at most {@code --jit-wait} more; the round under way is finished, so a module
     * that runs for seconds overruns it by at most one run per engine): in a JVM that ran other modules
     * before, C2 may still be busy with them when the time budget ends ({@link JitQuiet}). Outputs are checked.
     */
    private void warmUp(Map<String, BenchEngine.Prepared> prepared, Map<String, Measurement> measurements,
                        CorpusModule module) {
        long budget = options.warmup().toNanos();
        if (budget <= 0) return;
        Map<String, long[]> spent = new LinkedHashMap<>();
        prepared.keySet().forEach(name -> spent.put(name, new long[1]));
        boolean any = true;
        while (any) {
            any = false;
            for (Map.Entry<String, BenchEngine.Prepared> entry : prepared.entrySet()) {
                Measurement m = measurements.get(entry.getKey());
                long[] used = spent.get(entry.getKey());
                if (!m.isRunnable() || used[0] >= budget || m.warmupRuns() >= RunnerOptions.MAX_WARMUP_RUNS) continue;
                long t0 = System.nanoTime();
                warmUpOnce(entry.getValue(), module, m);
                used[0] += System.nanoTime() - t0;
                any = true;
            }
        }
        JitQuiet jit = JitQuiet.ofThisJvm(JIT_QUIET_WINDOW);
        long waitUntil = System.nanoTime() + options.jitWait().toNanos();
        any = true;
        while (any && !jit.quiet() && System.nanoTime() < waitUntil) {
            any = false;
            for (Map.Entry<String, BenchEngine.Prepared> entry : prepared.entrySet()) {
                Measurement m = measurements.get(entry.getKey());
                if (!m.isRunnable() || m.warmupRuns() >= RunnerOptions.MAX_WARMUP_RUNS) continue;
                warmUpOnce(entry.getValue(), module, m);
                any = true;
            }
        }
    }

    private static void warmUpOnce(BenchEngine.Prepared prepared, CorpusModule module, Measurement m) {
        try {
            RunResult result = prepared.run();
            String mismatch = OutputCheck.mismatch(module, result);
            if (mismatch != null) m.wrongOutput(mismatch);
            else m.warmedUp();
        } catch (SkippedException e) {
            m.skipped(e.getMessage());
        } catch (Throwable e) {
            m.failed("warm-up run: " + describe(e));
        }
    }

    private Optional<BenchEngine.Prepared> prepare(BenchEngine engine, CorpusModule module, Measurement m) {
        try {
            long t0 = System.nanoTime();
            BenchEngine.Prepared p = engine.prepare(module);
            long wall = System.nanoTime() - t0;
            m.prepared(p.ownPrepareNanos() >= 0 ? p.ownPrepareNanos() : wall);
            return Optional.of(p);
        } catch (SkippedException e) {
            m.skipped(e.getMessage());
        } catch (Throwable e) {
            m.failed("prepare: " + describe(e));
        }
        return Optional.empty();
    }

    private static void runOnce(BenchEngine.Prepared prepared, CorpusModule module, Measurement m) {
        try {
            RunResult result = prepared.run();
            String mismatch = OutputCheck.mismatch(module, result);
            if (mismatch != null) m.wrongOutput(mismatch);
            else m.ran(result.measuredNanos());
        } catch (SkippedException e) {
            m.skipped(e.getMessage());
        } catch (Throwable e) {
            m.failed("run: " + describe(e));
        }
    }

    /** One engine instance per module, so a crash or leak in one module does not carry over to the next. */
    private List<BenchEngine> createEngines() {
        List<BenchEngine> engines = new ArrayList<>();
        for (String name : options.engines()) {
            engines.add(switch (name) {
                case "gatun" -> new GatunEngine(options.runTimeout());
                case "gatun-unchecked" -> GatunEngine.withoutInterruptChecks();
                case "chicory-compiler" -> ChicoryEngine.compiler();
                case "chicory-interpreter" -> ChicoryEngine.interpreter();
                case "wasmtime" -> new WasmtimeEngine();
                case "node" -> new NodeEngine(options.node());
                default -> throw new IllegalArgumentException("unknown engine: " + name);
            });
        }
        return engines;
    }

    Path write(Results results) throws IOException {
        return write(results, null);
    }

    /** Writes the three reports; {@code arguments}, when given, are quoted in the header so the run can be repeated. */
    Path write(Results results, String arguments) throws IOException {
        Path out = options.out();
        Files.createDirectories(out);
        String header = "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "; "
                + (options.prepareOnly() ? "prepare only, no runs" : options.warmIterations() + " measured warm runs after the first run and "
                        + (options.warmup().isZero() ? "no warm-up"
                           : options.warmup().toSeconds() + " s of warm-up per engine (longer until the JIT was quiet for "
                             + JIT_QUIET_WINDOW.toSeconds() + " s, at most " + options.jitWait().toSeconds() + " s more)"))
                + "; corpus " + options.corpus() + "."
                + (arguments == null ? "" : "\n\nRunner arguments: `" + (arguments.isBlank() ? "(none)" : arguments) + "`");
        Files.writeString(out.resolve("corpus.md"), MarkdownReport.render(results, options.baseline(), header));
        Files.writeString(out.resolve("corpus.csv"), CsvReport.render(results, options.baseline()));
        Files.writeString(out.resolve("corpus-ratios.svg"),
                RatioChart.render(results, Ratios.of(results, options.baseline(), Ratios.WARM)));
        return out;
    }

    private static String describe(Throwable e) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.lines().findFirst().orElse(message);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing after the measurements: nothing left to report
        }
    }
}
