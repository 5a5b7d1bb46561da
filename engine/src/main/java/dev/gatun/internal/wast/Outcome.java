package dev.gatun.internal.wast;

/** What became of one script command. */
public sealed interface Outcome {
    Outcome PASSED = new Passed();

    record Passed() implements Outcome {}

    /** {@code message} says what was expected and what happened (without the line; the runner adds it). */
    record Failed(String message) implements Outcome {}

    /** The command could not be checked, e.g. because it needs execution; never counted as passed. */
    record Skipped(String reason) implements Outcome {}

    static Outcome failed(String message) {
        return new Failed(message);
    }

    static Outcome skipped(String reason) {
        return new Skipped(reason);
    }
}
