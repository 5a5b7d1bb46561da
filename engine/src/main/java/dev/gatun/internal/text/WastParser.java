package dev.gatun.internal.text;

import java.util.List;

/** Parses a {@code .wast} script into commands. */
public final class WastParser {
    private WastParser() {}

    public static List<WastCommand> parse(String script) {
        throw new IllegalStateException("not supported: wast parsing (issue 2, in progress)");
    }
}
