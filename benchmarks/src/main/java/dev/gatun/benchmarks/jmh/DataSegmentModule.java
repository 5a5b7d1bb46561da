package dev.gatun.benchmarks.jmh;

import java.io.ByteArrayOutputStream;

/**
 * A module whose memory starts with a 1 MiB active data segment, built as a binary here (a 1 MiB literal would
 * not belong in the repository). It exports one function, {@code touch(address) -> i32}, which returns the byte
 * at {@code address} and then increments it: a second call sees the change, a reset instance does not.
 */
public final class DataSegmentModule {
    public static final String TOUCH = "touch";
    public static final int DATA_BYTES = 1 << 20;
    /** 16 pages hold the segment; one more leaves room above it. */
    private static final int MEMORY_PAGES = 17;

    private DataSegmentModule() {
    }

    /** The initial content of memory byte {@code address} (below {@link #DATA_BYTES}): never all zero. */
    public static int initialByte(int address) {
        return (address * 31 + 7) & 0xFF;
    }

    public static byte[] binary() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, new byte[] {0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f});            // type 0: (i32) -> i32
        section(out, 3, new byte[] {0x01, 0x00});                                     // func 0 has type 0
        section(out, 5, new byte[] {0x01, 0x00, MEMORY_PAGES});                       // memory, min 17, no max
        section(out, 7, new byte[] {0x01, 0x05, 't', 'o', 'u', 'c', 'h', 0x00, 0x00}); // export "touch" = func 0
        byte[] body = {
            0x01, 0x01, 0x7f,                    // one local i32 ($old)
            0x20, 0x00, 0x2d, 0x00, 0x00,        // local.get 0, i32.load8_u
            0x21, 0x01,                          // local.set $old
            0x20, 0x00, 0x20, 0x01,              // local.get 0, local.get $old
            0x41, 0x01, 0x6a,                    // i32.const 1, i32.add
            0x3a, 0x00, 0x00,                    // i32.store8
            0x20, 0x01, 0x0b                     // local.get $old, end
        };
        var code = new ByteArrayOutputStream();
        code.write(0x01);
        unsigned(code, body.length);
        code.writeBytes(body);
        section(out, 10, code.toByteArray());
        var data = new ByteArrayOutputStream();
        data.writeBytes(new byte[] {0x01, 0x00, 0x41, 0x00, 0x0b});  // one active segment, memory 0, offset 0
        unsigned(data, DATA_BYTES);
        for (int address = 0; address < DATA_BYTES; address++) data.write(initialByte(address));
        section(out, 11, data.toByteArray());
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] payload) {
        out.write(id);
        unsigned(out, payload.length);
        out.writeBytes(payload);
    }

    private static void unsigned(ByteArrayOutputStream out, int value) {
        do {
            int low = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? low | 0x80 : low);
        } while (value != 0);
    }
}
