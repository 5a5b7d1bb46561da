package dev.gatun.benchmarks.jmh;

/** Finds the size of a binary module's code section (id 10): the bytes a compile-throughput figure divides. */
final class CodeSection {
    private static final int CODE_SECTION_ID = 10;

    private CodeSection() {
    }

    /** The code section's payload size in bytes, 0 when the module has none. */
    static long size(byte[] module) {
        int[] position = {8};  // after the magic and the version
        while (position[0] < module.length) {
            int id = module[position[0]++] & 0xFF;
            long size = unsigned(module, position);
            if (id == CODE_SECTION_ID) return size;
            if (size > module.length - position[0]) throw new IllegalArgumentException("section " + id + " runs past the end of the module");
            position[0] += (int) size;
        }
        return 0;
    }

    private static long unsigned(byte[] bytes, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position[0] >= bytes.length) throw new IllegalArgumentException("section size truncated at byte " + position[0]);
            int b = bytes[position[0]++] & 0xFF;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new IllegalArgumentException("section size LEB128 longer than 5 bytes at byte " + position[0]);
    }
}
