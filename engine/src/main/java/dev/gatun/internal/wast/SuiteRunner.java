package dev.gatun.internal.wast;

import dev.gatun.wast.FileReport;
import dev.gatun.wast.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs script files and folders (recursively, in sorted order), each script on its own thread with a time
 * limit so that a hang in any stage costs one file, not the run. A thread that overruns cannot be killed in
 * Java: it is interrupted, left behind as a daemon, and its later results are ignored.
 */
public final class SuiteRunner {
    /** Thread stack for a script: generous, so that deep but bounded recursion in a stage does not overflow. */
    private static final long STACK_BYTES = 64L << 20;

    private final ScriptRunner scriptRunner;
    private final Duration timeoutPerFile;

    public SuiteRunner(ScriptRunner scriptRunner, Duration timeoutPerFile) {
        if (timeoutPerFile.isNegative() || timeoutPerFile.isZero()) {
            throw new IllegalArgumentException("timeout per file must be positive: " + timeoutPerFile);
        }
        this.scriptRunner = scriptRunner;
        this.timeoutPerFile = timeoutPerFile;
    }

    /**
     * Runs every {@code .wast} file under each path (a path naming a file runs that file), calling
     * {@code onFile} after each. Throws IllegalArgumentException for a path that does not exist.
     */
    public RunReport run(List<Path> paths, Consumer<FileReport> onFile) {
        List<ScriptFile> scripts = new ArrayList<>();
        for (Path path : paths) scripts.addAll(scriptsUnder(path));
        List<FileReport> reports = new ArrayList<>(scripts.size());
        for (ScriptFile script : scripts) {
            FileReport report = runFile(script);
            reports.add(report);
            onFile.accept(report);
        }
        return new RunReport(reports);
    }

    /** A script file and the name it is reported under. */
    record ScriptFile(Path path, String displayName) {}

    static List<ScriptFile> scriptsUnder(Path root) {
        if (!Files.exists(root)) throw new IllegalArgumentException("no such file or folder: " + root);
        Path absolute = root.toAbsolutePath().normalize();
        String rootName = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
        if (!Files.isDirectory(root)) return List.of(new ScriptFile(root, rootName));
        try (Stream<Path> walk = Files.walk(absolute)) {
            return walk
                .filter(p -> p.getFileName().toString().endsWith(".wast") && Files.isRegularFile(p))
                .map(p -> new ScriptFile(p, displayName(rootName, absolute.relativize(p))))
                .sorted(Comparator.comparing(ScriptFile::displayName))
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static String displayName(String rootName, Path relative) {
        StringBuilder name = new StringBuilder(rootName);
        for (Path part : relative) {
            if (!name.isEmpty()) name.append('/');
            name.append(part);
        }
        return name.toString();
    }

    FileReport runFile(ScriptFile script) {
        FileTally tally = new FileTally(script.displayName());
        String text;
        try {
            // A strict decoder: a script that is not UTF-8 is reported, not silently read with replacements.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(script.path()))).toString();
        } catch (CharacterCodingException e) {
            tally.fileFailed("not UTF-8 text: " + e);
            return tally.report();
        } catch (IOException e) {
            tally.fileFailed("cannot read: " + e);
            return tally.report();
        }
        return runText(text, tally, script.displayName());
    }

    /** Runs a script given as text under a display name, with the time limit. */
    public FileReport runText(String displayName, String script) {
        return runText(script, new FileTally(displayName), displayName);
    }

    private FileReport runText(String script, FileTally tally, String displayName) {
        Thread worker = Thread.ofPlatform()
            .name("wast " + displayName)
            .daemon(true)
            .stackSize(STACK_BYTES)
            .unstarted(() -> runGuarded(script, tally));
        worker.start();
        try {
            if (!worker.join(timeoutPerFile)) {
                tally.abandon("timed out after " + describe(timeoutPerFile) + " (the script stopped here)");
                worker.interrupt();
            }
        } catch (InterruptedException e) {
            tally.abandon("interrupted");
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        return tally.report();
    }

    /** The last line of defence: whatever escapes the script runner is a failure of the file, not a lost thread. */
    private void runGuarded(String script, FileTally tally) {
        try {
            scriptRunner.run(script, tally);
        } catch (Throwable e) {
            tally.fileFailed("the runner failed: " + ScriptRunner.describe(e));
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
