package dev.gatun.wasi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Standard streams per call. Configure WASI with {@link #STDIN}, {@link #STDOUT} and {@link #STDERR} (see
 * {@link #configure}); they use the buffers of the {@link #capture} running on the current thread (an
 * instance runs on its caller's thread). Outside any capture, stdin is empty and output is discarded.
 */
public final class WasiCapture {
    private static final ThreadLocal<Buffers> CURRENT = new ThreadLocal<>();
    /** Output kept per stream by default; more is dropped (a chatty guest must not fill the heap). */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 16 << 20;

    /** The guest's stdin: the input given to the current thread's capture. */
    public static final InputStream STDIN = new RoutedInput();
    /** The guest's stdout, routed to the current thread's capture. */
    public static final OutputStream STDOUT = new Routed(true);
    /** The guest's stderr, routed to the current thread's capture. */
    public static final OutputStream STDERR = new Routed(false);

    private WasiCapture() {
    }

    /**
     * What a call returned and wrote.
     *
     * @param value the call's result (null when it called {@code proc_exit})
     * @param exitCode the code given to {@code proc_exit}, or null when the call returned
     * @param truncated whether stdout or stderr wrote more than the limit (the rest was dropped)
     */
    public record Output<T>(T value, Integer exitCode, byte[] stdout, byte[] stderr, boolean truncated) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    /** Points {@code builder}'s stdin, stdout and stderr at the per-call capture. */
    public static WasiConfig.Builder configure(WasiConfig.Builder builder) {
        return builder.stdin(STDIN).stdout(STDOUT).stderr(STDERR);
    }

    /** As {@link #capture(byte[], Supplier)} with an empty stdin. */
    public static <T> Output<T> capture(Supplier<T> call) {
        return capture(new byte[0], call);
    }

    /** As {@link #capture(byte[], int, Supplier)} keeping {@link #DEFAULT_MAX_OUTPUT_BYTES} per stream. */
    public static <T> Output<T> capture(byte[] stdin, Supplier<T> call) {
        return capture(stdin, DEFAULT_MAX_OUTPUT_BYTES, call);
    }

    /**
     * Runs {@code call} on this thread with {@code stdin} as the guest's input, keeping up to
     * {@code maxOutputBytes} of each output stream and capturing what the guest writes to stdout and stderr meanwhile. A
     * {@link WasiExit} becomes {@link Output#exitCode()}; other exceptions propagate (the output is lost).
     * Captures nest: the inner one gets the output while it runs.
     */
    public static <T> Output<T> capture(byte[] stdin, int maxOutputBytes, Supplier<T> call) {
        if (maxOutputBytes < 0) throw new IllegalArgumentException("maxOutputBytes is negative: " + maxOutputBytes);
        Buffers outer = CURRENT.get();
        Buffers buffers = new Buffers(stdin, maxOutputBytes);
        CURRENT.set(buffers);
        try {
            T value = null;
            Integer exit = null;
            try {
                value = call.get();
            } catch (WasiExit e) {
                exit = e.code();
            }
            return new Output<>(value, exit, buffers.stdout.toByteArray(), buffers.stderr.toByteArray(),
                    buffers.stdout.truncated || buffers.stderr.truncated);
        } finally {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    private static final class Buffers {
        final ByteArrayInputStream stdin;
        final Bounded stdout;
        final Bounded stderr;

        Buffers(byte[] stdin, int limit) {
            this.stdin = new ByteArrayInputStream(stdin.clone());
            this.stdout = new Bounded(limit);
            this.stderr = new Bounded(limit);
        }
    }

    /** Keeps the first {@code limit} bytes and notes whether more came. */
    private static final class Bounded extends ByteArrayOutputStream {
        private final int limit;
        boolean truncated;

        Bounded(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (count < limit) super.write(b);
            else truncated = true;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            int kept = Math.max(0, Math.min(length, limit - count));
            if (kept < length) truncated = true;
            super.write(bytes, offset, kept);
        }
    }

    private static final class RoutedInput extends InputStream {
        @Override
        public int read() {
            Buffers buffers = CURRENT.get();
            return buffers == null ? -1 : buffers.stdin.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Buffers buffers = CURRENT.get();
            if (buffers == null) return len == 0 ? 0 : -1;
            return buffers.stdin.read(b, off, len);
        }
    }

    private static final class Routed extends OutputStream {
        private final boolean stdout;

        Routed(boolean stdout) {
            this.stdout = stdout;
        }

        private OutputStream target() {
            Buffers buffers = CURRENT.get();
            if (buffers == null) return OutputStream.nullOutputStream();
            return stdout ? buffers.stdout : buffers.stderr;
        }

        @Override
        public void write(int b) {
            try {
                target().write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                target().write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
