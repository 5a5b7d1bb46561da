package dev.gatun.internal.text;

import java.util.Arrays;

/** Maps character offsets of a source text to 1-based line:column positions. */
final class SourcePositions {
    private final int[] lineStarts;

    SourcePositions(String src) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
                starts[count++] = i + 1;
            }
        }
        lineStarts = Arrays.copyOf(starts, count);
    }

    int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    String describe(int offset) {
        int line = line(offset);
        return line + ":" + (offset - lineStarts[line - 1] + 1);
    }
}
