package dev.gatun.internal.text;

import dev.gatun.internal.model.ValType;
import java.util.Arrays;

/** A growable byte buffer that writes the binary format's encodings (LEB128, little-endian floats, types). */
final class ByteWriter {
    private byte[] bytes = new byte[64];
    private int size;

    int size() {
        return size;
    }

    void byteValue(int b) {
        if (size == bytes.length) bytes = Arrays.copyOf(bytes, size * 2);
        bytes[size++] = (byte) b;
    }

    void bytes(byte[] b) {
        for (byte x : b) byteValue(x);
    }

    void u32(long v) {
        unsigned(v & 0xFFFFFFFFL);
    }

    void unsigned(long v) {
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            byteValue(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    void signed(long v) {
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            byteValue(done ? b : b | 0x80);
            if (done) return;
        }
    }

    void littleEndian(long v, int byteCount) {
        for (int i = 0; i < byteCount; i++) byteValue((int) (v >>> (8 * i)));
    }

    void valType(ValType t) {
        switch (t.kind()) {
            case I32 -> byteValue(0x7F);
            case I64 -> byteValue(0x7E);
            case F32 -> byteValue(0x7D);
            case F64 -> byteValue(0x7C);
            case V128 -> byteValue(0x7B);
            case I8 -> byteValue(0x78);
            case I16 -> byteValue(0x77);
            case REF -> {
                if (t.nullable() && t.heapType() < 0) {
                    byteValue(t.heapType() & 0x7F);
                } else {
                    byteValue(t.nullable() ? 0x63 : 0x64);
                    signed(t.heapType());
                }
            }
        }
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }
}
