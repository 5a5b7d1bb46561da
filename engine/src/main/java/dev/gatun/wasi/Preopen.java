package dev.gatun.wasi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory the guest may use: {@code hostDirectory} (on any NIO file system, e.g. an in-memory one)
 * appears to the guest as {@code guestPath}. The guest can never reach outside it.
 */
public record Preopen(Path hostDirectory, String guestPath, boolean readOnly) {
    public Preopen {
        Objects.requireNonNull(hostDirectory, "hostDirectory");
        Objects.requireNonNull(guestPath, "guestPath");
    }
}
