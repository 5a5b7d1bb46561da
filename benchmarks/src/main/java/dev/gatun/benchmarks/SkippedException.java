package dev.gatun.benchmarks;

/** An engine cannot run a module (or at all, here); the message is the reason shown in the report. */
public final class SkippedException extends Exception {
    public SkippedException(String reason) {
        super(reason);
    }

    public SkippedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
