package dev.gatun.internal.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles module binaries for tests: raw bytes, LEB128s, names, vectors and framed sections. */
final class WasmBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An empty byte sequence (section content, a body, ...). */
    static WasmBytes of(int... bytes) {
        return new WasmBytes().bytes(bytes);
    }

    /** A module: the magic and version, to which sections are then appended. */
    static WasmBytes module() {
        return of(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);
    }

    WasmBytes bytes(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    WasmBytes bytes(WasmBytes other) {
        out.writeBytes(other.build());
        return this;
    }

    /** Unsigned LEB128 in the fewest bytes. */
    WasmBytes u32(long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return this;
    }

    /** Signed LEB128 in the fewest bytes. */
    WasmBytes s64(long value) {
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) return this;
        }
    }

    WasmBytes name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    /** A section: id, content size, content. */
    WasmBytes section(int id, WasmBytes content) {
        byte[] c = content.build();
        out.write(id);
        u32(c.length);
        out.writeBytes(c);
        return this;
    }

    /** A vector: the count, then the items. */
    WasmBytes vec(WasmBytes... items) {
        u32(items.length);
        for (WasmBytes item : items) bytes(item);
        return this;
    }

    /** A code-section entry: the size, then locals and instructions. */
    WasmBytes body(WasmBytes localsAndCode) {
        byte[] c = localsAndCode.build();
        u32(c.length);
        out.writeBytes(c);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] build() {
        return out.toByteArray();
    }
}
