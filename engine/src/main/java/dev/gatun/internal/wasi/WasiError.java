package dev.gatun.internal.wasi;

/** A WASI call failing with an errno: thrown inside the implementation, turned into the return value. */
final class WasiError extends RuntimeException {
    final int errno;

    WasiError(int errno) {
        super("errno " + errno, null, false, false);
        this.errno = errno;
    }
}
