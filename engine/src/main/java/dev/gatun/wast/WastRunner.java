package dev.gatun.wast;

import dev.gatun.internal.runtime.CompiledExecution;
import dev.gatun.internal.wast.Execution;
import dev.gatun.internal.wast.FrontEnd;
import dev.gatun.internal.wast.ScriptRunner;
import dev.gatun.internal.wast.SuiteRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs {@code .wast} spec scripts and counts results per command kind.
 *
 * <p>Modules are decoded (or parsed), validated, compiled and instantiated; actions and assertions run on
 * the compiled code, with the standard {@code spectest} host module and {@code register}ed instances.
 * {@code assert_malformed} and {@code assert_invalid} are checked strictly (malformed means the decoder or
 * parser rejected it; invalid means it decoded and the validator rejected it). What the engine does not
 * support yet is skipped with the reason, never passed.
 */
public final class WastRunner {
    /** Default time limit per script file. */
    public static final Duration DEFAULT_TIMEOUT_PER_FILE = Duration.ofMinutes(2);

    private final Duration timeoutPerFile;
    /** Whether modules are compiled and run (the default), or only decoded/parsed and validated. */
    private final boolean execute;

    private WastRunner(Duration timeoutPerFile, boolean execute) {
        this.timeoutPerFile = timeoutPerFile;
        this.execute = execute;
    }

    /**
     * The same runner checking only the front end: modules are decoded (or parsed) and validated, and the
     * commands that need execution ({@code assert_return}, {@code assert_trap}, linking, ...) are skipped.
     */
    public WastRunner withoutExecution() {
        return new WastRunner(timeoutPerFile, false);
    }

    /** A runner with the engine's front end and the {@linkplain #DEFAULT_TIMEOUT_PER_FILE default time limit}. */
    public static WastRunner create() {
        return new WastRunner(DEFAULT_TIMEOUT_PER_FILE, true);
    }

    /** The same runner with another time limit per script file (must be positive). */
    public WastRunner withTimeoutPerFile(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout per file must be positive: " + timeout);
        }
        return new WastRunner(timeout, execute);
    }

    /**
     * Runs every {@code .wast} file under the given files and folders (folders recursively, sorted by path).
     * Files are reported as paths relative to the folder given, prefixed by its name ({@code core/i32.wast}).
     *
     * @throws IllegalArgumentException when a path does not exist
     */
    public RunReport run(List<Path> paths) {
        return run(paths, report -> {});
    }

    /** Like {@link #run(List)}, calling {@code onFile} as each file finishes (e.g. to print progress). */
    public RunReport run(List<Path> paths, Consumer<FileReport> onFile) {
        return suite().run(List.copyOf(paths), onFile);
    }

    /** Runs one script given as text, reported under {@code displayName}. */
    public FileReport runScript(String displayName, String script) {
        return suite().runText(displayName, script);
    }

    private SuiteRunner suite() {
        Execution execution = execute ? new CompiledExecution() : Execution.none();
        return new SuiteRunner(new ScriptRunner(FrontEnd.standard(), execution), timeoutPerFile);
    }
}
