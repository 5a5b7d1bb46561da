package dev.gatun.internal.binary;

/** The section ids of the binary format and the order non-custom sections must appear in. */
final class SectionId {
    private SectionId() {}

    static final int CUSTOM = 0;
    static final int TYPE = 1;
    static final int IMPORT = 2;
    static final int FUNCTION = 3;
    static final int TABLE = 4;
    static final int MEMORY = 5;
    static final int GLOBAL = 6;
    static final int EXPORT = 7;
    static final int START = 8;
    static final int ELEMENT = 9;
    static final int CODE = 10;
    static final int DATA = 11;
    static final int DATA_COUNT = 12;
    static final int TAG = 13;

    static final int MAX = TAG;

    private static final String[] NAMES = {"custom", "type", "import", "function", "table", "memory", "global",
            "export", "start", "element", "code", "data", "data count", "tag"};

    // Position of each id in the required order: tag sits between memory and global, data count between
    // element and code.
    private static final int[] RANK = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

    static String name(int id) {
        return NAMES[id];
    }

    /** Where a non-custom section must come relative to the others (1 = first). */
    static int rank(int id) {
        return RANK[id];
    }
}
