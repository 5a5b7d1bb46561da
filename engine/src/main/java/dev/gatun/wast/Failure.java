package dev.gatun.wast;

/**
 * One failed command of a script. {@code line} is the 1-based line of the command, or 0 when the failure
 * concerns the whole file (it could not be read or parsed as a script).
 */
public record Failure(int line, String message) {
    public static final int WHOLE_FILE = 0;

    /** {@code "line N: message"}, or {@code "script: message"} for a whole-file failure. */
    @Override
    public String toString() {
        return (line == WHOLE_FILE ? "script" : "line " + line) + ": " + message;
    }
}
