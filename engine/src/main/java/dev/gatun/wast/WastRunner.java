package dev.gatun.wast;

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
 * <p>Today the engine has no execution: a {@code module} passes when it decodes (or parses) and validates,
 * {@code assert_malformed} and {@code assert_invalid} are checked strictly (malformed means the decoder or
 * parser rejected it; invalid means it decoded and the validator rejected it), and commands that need
 * execution or linking are skipped with the reason, never passed.
 */
public final class WastRunner {
    /** Default time limit per script file. */
    public static final Duration DEFAULT_TIMEOUT_PER_FILE = Duration.ofMinutes(2);

    private final Duration timeoutPerFile;
    /** Whether actions and assertions run on the compiler ({@link #withExecution()}); off by default. */
    private final boolean execute;

    private WastRunner(Duration timeoutPerFile) {
        this(timeoutPerFile, false);
    }

    private WastRunner(Duration timeoutPerFile, boolean execute) {
        this.timeoutPerFile = timeoutPerFile;
        this.execute = execute;
    }

    /**
     * The same runner, executing modules with the compiler: actions, {@code assert_return}, {@code assert_trap}
     * and linking are checked instead of skipped (what the compiler does not support yet is still skipped).
     */
    public WastRunner withExecution() {
        return new WastRunner(timeoutPerFile, true);
    }

    /** A runner with the engine's front end and the {@linkplain #DEFAULT_TIMEOUT_PER_FILE default time limit}. */
    public static WastRunner create() {
        return new WastRunner(DEFAULT_TIMEOUT_PER_FILE);
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
        Execution execution = execute ? new dev.gatun.internal.runtime.CompiledExecution() : Execution.none();
        return new SuiteRunner(new ScriptRunner(FrontEnd.standard(), execution), timeoutPerFile);
    }
}
