package dev.gatun.benchmarks;

/**
 * One engine in the comparison. {@link #prepare} does the per-module work that can be done once (parse,
 * validate, compile); each {@link Prepared#run} instantiates afresh and runs {@code _start} once, since a
 * WASI command is run once per instance.
 */
public interface BenchEngine extends AutoCloseable {

    /** Short stable name used in tables and on the command line, e.g. {@code wasmtime}. */
    String name();

    /** Parses/compiles the module. Throws {@link SkippedException} when this engine cannot run it here. */
    Prepared prepare(CorpusModule module) throws Exception;

    /** A module ready to run any number of times. */
    interface Prepared extends AutoCloseable {
        RunResult run() throws Exception;

        /**
         * The engine's own compile time when it differs from the wall time of {@link #prepare} (e.g. node's
         * excludes starting the node process), or -1 to use that wall time.
         */
        default long ownPrepareNanos() {
            return -1;
        }

        @Override
        default void close() throws Exception {
        }
    }

    @Override
    default void close() throws Exception {
    }
}
