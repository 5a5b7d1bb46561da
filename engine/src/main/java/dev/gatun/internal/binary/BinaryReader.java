package dev.gatun.internal.binary;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ValType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the binary format's primitives (LEB128 integers, floats, names, types) from a byte range, with every
 * read bounds-checked against the range's end. Errors are {@link MalformedModuleException}s carrying the
 * absolute byte offset. Nothing is ever allocated from a declared length before the bytes are known to be
 * there.
 */
public class BinaryReader {
    protected final byte[] bytes;
    protected int pos;
    protected int limit;
    /** What running out of bytes is called; a section or function body says so (the spec tests' wording). */
    protected String endOfInputMessage = "unexpected end";
    /** What is being read (a section, a function), added to error messages; null for nothing. */
    protected String context;

    public BinaryReader(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.pos = offset;
        this.limit = limit;
    }

    public BinaryReader(ByteSlice slice) {
        this(slice.array(), slice.offset(), slice.end());
    }

    public int position() {
        return pos;
    }

    public void position(int p) {
        this.pos = p;
    }

    public int limit() {
        return limit;
    }

    public void limit(int l) {
        this.limit = l;
    }

    /** Sets the message used when a read runs past the limit (default "unexpected end"). */
    public void endOfInputMessage(String message) {
        this.endOfInputMessage = message;
    }

    /** Names what this reader reads (e.g. "function 3"), for error messages. */
    public void context(String what) {
        this.context = what;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean atEnd() {
        return pos >= limit;
    }

    public byte[] array() {
        return bytes;
    }

    public MalformedModuleException error(String message) {
        return error(message, pos);
    }

    public MalformedModuleException error(String message, int at) {
        return new MalformedModuleException(context == null ? message : message + " (" + context + ")", at);
    }

    public int readByte() {
        if (pos >= limit) throw error(endOfInputMessage);
        return bytes[pos++] & 0xFF;
    }

    public int peekByte() {
        if (pos >= limit) throw error(endOfInputMessage);
        return bytes[pos] & 0xFF;
    }

    /*
     * LEB128s are decoded up to the end of the whole input, and only then checked against the limit: an
     * integer's own malformation ("integer too large", "... too long") is reported before its overrun of the
     * enclosing section or body, as the spec tests expect.
     */
    private long withinLimit(long value) {
        if (pos > limit) throw error(endOfInputMessage, limit);
        return value;
    }

    /** Reads an unsigned LEB128 of at most 32 bits; the result is in [0, 2^32) as a long. */
    public long readU32Long() {
        long result = 0;
        int shift = 0;
        int start = pos;
        while (true) {
            if (pos >= bytes.length) throw error(endOfInputMessage, limit);
            int b = bytes[pos++] & 0xFF;
            if (shift == 28 && (b & 0x70) != 0) {
                // The 5th byte may only use its low 4 bits.
                throw error((b & 0x80) != 0 ? "integer representation too long" : "integer too large", start);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return withinLimit(result);
            shift += 7;
            if (shift > 28) throw error("integer representation too long", start);
        }
    }

    /** An unsigned 32-bit LEB128 used as a count or index; values above Integer.MAX_VALUE are rejected. */
    public int readU32() {
        int at = pos;
        long v = readU32Long();
        if (v > Integer.MAX_VALUE) {
            // No index space or count can be this large (and no buffer could back it).
            throw error("integer too large for an index or count: " + v, at);
        }
        return (int) v;
    }

    /**
     * An index (u32). Indices from 2^31 on are well-formed but can never be in range (no index space can be
     * that large), so they come back as {@link Integer#MAX_VALUE} for the validator to reject as unknown.
     */
    public int readIndex() {
        return (int) Math.min(readU32Long(), Integer.MAX_VALUE);
    }

    public int readS32() {
        return (int) readSigned(32);
    }

    public long readS33() {
        return readSigned(33);
    }

    public long readS64() {
        return readSigned(64);
    }

    public long readU64() {
        long result = 0;
        int shift = 0;
        int start = pos;
        while (true) {
            if (pos >= bytes.length) throw error(endOfInputMessage, limit);
            int b = bytes[pos++] & 0xFF;
            if (shift == 63 && (b & 0x7E) != 0) {
                throw error((b & 0x80) != 0 ? "integer representation too long" : "integer too large", start);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return withinLimit(result);
            shift += 7;
            if (shift > 63) throw error("integer representation too long", start);
        }
    }

    private long readSigned(int bits) {
        long result = 0;
        int shift = 0;
        int start = pos;
        int maxBytes = (bits + 6) / 7;
        for (int i = 0; ; i++) {
            if (pos >= bytes.length) throw error(endOfInputMessage, limit);
            int b = bytes[pos++] & 0xFF;
            if (i == maxBytes - 1) {
                if ((b & 0x80) != 0) throw error("integer representation too long", start);
                // Unused bits of the last byte must be a sign extension of the value's top bit.
                int usedBits = bits - 7 * i;           // bits of the value in this byte
                int mask = (0x7F >> usedBits) << usedBits & 0x7F; // the unused high bits
                int signBit = (b >> (usedBits - 1)) & 1;
                int expected = signBit == 1 ? mask : 0;
                if ((b & mask) != expected) throw error("integer too large", start);
            }
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
                return withinLimit(result);
            }
        }
    }

    public int readF32Bits() {
        if (limit - pos < 4) throw error(endOfInputMessage);
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16 | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public long readF64Bits() {
        long lo = readF32Bits() & 0xFFFFFFFFL;
        long hi = readF32Bits() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** A slice of the next {@code n} bytes (checked against the end before anything is created). */
    public ByteSlice readSlice(long n) {
        if (n < 0 || n > limit - pos) throw error(endOfInputMessage + ": length " + n + " exceeds the " + (limit - pos) + " bytes left");
        ByteSlice s = new ByteSlice(bytes, pos, (int) n);
        pos += (int) n;
        return s;
    }

    /**
     * A byte length (u32) of a name, section, body or data string: "length out of bounds" when it exceeds the
     * bytes left counted from the length's own first byte (as the reference interpreter counts them).
     */
    public long readLength() {
        int at = pos;
        long n = readU32Long();
        if (n > limit - at) {
            throw error("length out of bounds: " + n + " bytes declared, " + (limit - pos) + " left", at);
        }
        return n;
    }

    /** A vector length (u32), checked to be at most the number of remaining bytes. */
    public int readCount(String what) {
        int at = pos;
        long n = readU32Long();
        // Every element takes at least one byte, so a count beyond the remaining bytes is a lie.
        if (n > limit - pos) throw error(endOfInputMessage + ": " + what + " count " + n + " exceeds the " + (limit - pos) + " bytes left", at);
        return (int) n;
    }

    public String readName() {
        long len = readLength();
        ByteSlice s = readSlice(len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s.array(), s.offset(), s.length()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("malformed UTF-8 encoding", s.offset());
        }
    }

    /** Reads a heap type (s33): an abstract heap type code or a type index. */
    public int readHeapType() {
        int at = pos;
        long v = readS33();
        if (v >= 0) return (int) Math.min(v, Integer.MAX_VALUE); // as readIndex: out of range for the validator
        if (HeapType.isAbstract((int) v)) return (int) v;
        throw error("malformed heap type", at);
    }

    /** Reads a value type. */
    public ValType readValType() {
        int at = pos;
        int b = readByte();
        return switch (b) {
            case 0x7F -> ValType.I32;
            case 0x7E -> ValType.I64;
            case 0x7D -> ValType.F32;
            case 0x7C -> ValType.F64;
            case 0x7B -> ValType.V128;
            case 0x64 -> ValType.ref(false, readHeapType());
            case 0x63 -> ValType.ref(true, readHeapType());
            default -> {
                int ht = HeapType.fromByte(b);
                if (ht != 0) yield ValType.ref(true, ht);
                throw error("malformed value type 0x" + Integer.toHexString(b), at);
            }
        };
    }

    /** Reads a reference type (a value type that must be a reference). */
    public ValType readRefType() {
        int at = pos;
        ValType t = readValType();
        if (!t.isRef()) throw error("malformed reference type", at);
        return t;
    }

    /** Reads a storage type: a value type or packed i8 (0x78) / i16 (0x77). */
    public ValType readStorageType() {
        int b = peekByte();
        if (b == 0x78) { pos++; return ValType.PACKED_I8; }
        if (b == 0x77) { pos++; return ValType.PACKED_I16; }
        return readValType();
    }
}
