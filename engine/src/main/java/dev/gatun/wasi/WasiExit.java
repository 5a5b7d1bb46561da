package dev.gatun.wasi;

/** A WASI program called {@code proc_exit}: unwinds the guest and carries the exit code to the host. */
public final class WasiExit extends RuntimeException {
    private final int code;

    public WasiExit(int code) {
        super("proc_exit(" + code + ")", null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
