package dev.gatun.wasi;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a WASI program sees: its arguments, its environment (only what is configured here, nothing of the
 * host's), its standard streams and its preopened directories. Build with {@link #builder()}.
 */
public record WasiConfig(List<String> args, Map<String, String> env, InputStream stdin, OutputStream stdout,
                         OutputStream stderr, List<Preopen> preopens) {
    public WasiConfig {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        preopens = List.copyOf(preopens);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: no args, empty env, empty stdin, stdout/stderr discarded, no preopens. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private InputStream stdin = InputStream.nullInputStream();
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private final List<Preopen> preopens = new ArrayList<>();

        /** Appends arguments (argv[0] is the first one given, usually the program name). */
        public Builder args(String... values) {
            args.addAll(List.of(values));
            return this;
        }

        public Builder args(List<String> values) {
            args.addAll(values);
            return this;
        }

        public Builder env(String name, String value) {
            if (name.contains("=")) throw new IllegalArgumentException("environment name contains '=': " + name);
            env.put(name, value);
            return this;
        }

        public Builder stdin(InputStream in) {
            stdin = in;
            return this;
        }

        public Builder stdout(OutputStream out) {
            stdout = out;
            return this;
        }

        public Builder stderr(OutputStream err) {
            stderr = err;
            return this;
        }

        /** Wires the host process's own stdin, stdout and stderr. */
        public Builder inheritStdio() {
            stdin = System.in;
            stdout = System.out;
            stderr = System.err;
            return this;
        }

        /** A read-write preopen of {@code hostDirectory} seen by the guest as {@code guestPath}. */
        public Builder preopen(Path hostDirectory, String guestPath) {
            return preopen(hostDirectory, guestPath, false);
        }

        public Builder preopen(Path hostDirectory, String guestPath, boolean readOnly) {
            preopens.add(new Preopen(hostDirectory, guestPath, readOnly));
            return this;
        }

        public WasiConfig build() {
            return new WasiConfig(args, env, stdin, stdout, stderr, preopens);
        }
    }
}
