package dev.gatun.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * node's V8 through {@code node:wasi}: one node process per module, driven line by line by a small script
 * ({@code node-runner.mjs}) so that its runs alternate with the other engines' in time. Skipped when no
 * {@code node} is on the PATH.
 *
 * <p>node runs with {@value #NO_FAST_API_CALLS}: node 20's WASI imports are V8 "fast API calls", and when
 * TurboFan's Wasm-to-import wrappers call them directly node aborts (exit 134) or segfaults (139) without a word,
 * e.g. libsodium-pwhash_* on their first run, blake3-simd and rust-html-rewriter after a few runs, blind-sig after
 * ~100. Without fast calls a WASI call costs a regular API callback (a few hundred ns), outside or in the measured
 * region alike; the Wasm code itself is compiled as before. node's stderr goes to a file whose last lines are
 * quoted when node dies.
 */
public final class NodeEngine implements BenchEngine {
    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(\\w+)\":(-?\\d+)");
    private static final Pattern ERROR_FIELD = Pattern.compile("\"error\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** The V8 flag that keeps node 20 from crashing in WASI calls (see the class comment). */
    static final String NO_FAST_API_CALLS = "--no-turbo-fast-api-calls";
    /** How much of node's stderr a failure message quotes. */
    private static final int STDERR_TAIL_CHARS = 400;

    private final String node;
    private Path script;

    public NodeEngine(String node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "node";
    }

    @Override
    public Prepared prepare(CorpusModule module) throws Exception {
        if (!isAvailable(node)) throw new SkippedException("no `" + node + "` executable on the PATH");
        Path nodeStderr = Files.createTempFile("gatun-node-stderr", ".txt");
        Process process = new ProcessBuilder(command(node, script(), module))
                .directory(module.folder().toFile())
                .redirectError(nodeStderr.toFile())
                .start();
        NodeProcess session = new NodeProcess(process, nodeStderr);
        try {
            long compileNanos = NodeProcess.field(session.request("compile"), "compileNanos");
            return session.prepared(compileNanos);
        } catch (IOException e) {
            session.close();
            // e.g. the WasmGC module, which node 20 only accepts with --experimental-wasm-gc
            if (e.getMessage().contains("CompileError")) {
                throw new SkippedException("node's V8 rejects it: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            throw e;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The node command line for one module: the runner script with the module's path and argv0. */
    static List<String> command(String node, Path script, CorpusModule module) {
        return List.of(node, "--no-warnings", NO_FAST_API_CALLS, script.toString(), module.wasm().toString(), module.stem());
    }

    private Path script() throws IOException {
        if (script == null) {
            script = Files.createTempFile("gatun-node-runner", ".mjs");
            script.toFile().deleteOnExit();
            try (InputStream in = NodeEngine.class.getResourceAsStream("node-runner.mjs")) {
                if (in == null) throw new IOException("resource node-runner.mjs missing from the benchmarks jar");
                Files.write(script, in.readAllBytes());
            }
        }
        return script;
    }

    /** Whether {@code node --version} runs. */
    public static boolean isAvailable(String node) {
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class NodeProcess {
        private final Process process;
        private final Writer requests;
        private final BufferedReader replies;
        private final Path stderr;

        NodeProcess(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String request(String line) throws IOException {
            try {
                requests.write(line + "\n");
                requests.flush();
            } catch (IOException e) { // the pipe is closed: node died before it read the request
                throw died(line, e);
            }
            String reply = replies.readLine();
            if (reply == null) throw died(line, null);
            Matcher error = ERROR_FIELD.matcher(reply);
            if (error.find()) throw new IOException("node: " + error.group(1).replace("\\n", "\n"));
            return reply;
        }

        private IOException died(String line, IOException cause) {
            return new IOException("node exited (code " + exitCode() + ") while answering: " + line.replace('\t', ' ')
                    + "; its stderr: " + stderrTail(), cause);
        }

        private String exitCode() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }

        /** The end of what node wrote to stderr, on one line, or "(empty)". */
        private String stderrTail() {
            try {
                String text = Files.readString(stderr, StandardCharsets.UTF_8).strip().replaceAll("\\s*\n\\s*", " | ");
                if (text.isEmpty()) return "(empty)";
                return text.length() <= STDERR_TAIL_CHARS ? text : "..." + text.substring(text.length() - STDERR_TAIL_CHARS);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }

        Prepared prepared(long compileNanos) {
            return new Prepared() {
                @Override
                public long ownPrepareNanos() {
                    return compileNanos;
                }

                @Override
                public RunResult run() throws Exception {
                    Path stdout = Files.createTempFile("gatun-bench-node", ".stdout");
                    Path stderr = Files.createTempFile("gatun-bench-node", ".stderr");
                    try {
                        String reply = request("run\t" + stdout + "\t" + stderr);
                        return new RunResult(field(reply, "measuredNanos"), (int) field(reply, "exitCode"),
                                Files.readAllBytes(stdout), Files.readAllBytes(stderr));
                    } finally {
                        Files.deleteIfExists(stdout);
                        Files.deleteIfExists(stderr);
                    }
                }

                @Override
                public void close() {
                    NodeProcess.this.close();
                }
            };
        }

        void close() {
            try {
                requests.close();
            } catch (IOException ignored) {
                // the process is going away anyway
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }

        private static long field(String reply, String name) throws IOException {
            Matcher m = NUMBER_FIELD.matcher(reply);
            while (m.find()) if (m.group(1).equals(name)) return Long.parseLong(m.group(2));
            throw new IOException("node's reply has no " + name + ": " + reply);
        }
    }
}
