package dev.gatun.internal.wasi;

/** preview1 filetype codes. */
final class FileType {
    private FileType() {}

    static final int UNKNOWN = 0;
    static final int CHARACTER_DEVICE = 2;
    static final int DIRECTORY = 3;
    static final int REGULAR_FILE = 4;
    static final int SYMBOLIC_LINK = 7;
}
