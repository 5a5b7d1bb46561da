package dev.gatun.internal.model;

/**
 * A read-only view of part of a byte array, without copying: function bodies and constant expressions
 * point into the module's bytes (binary) or into the encoder's buffer (text).
 */
public record ByteSlice(byte[] array, int offset, int length) {
    public static final ByteSlice EMPTY = new ByteSlice(new byte[0], 0, 0);

    public ByteSlice {
        if (offset < 0 || length < 0 || offset + length > array.length || offset + length < 0) {
            throw new IndexOutOfBoundsException("slice " + offset + "+" + length + " of " + array.length);
        }
    }

    public static ByteSlice of(byte[] bytes) {
        return new ByteSlice(bytes, 0, bytes.length);
    }

    public int end() {
        return offset + length;
    }

    public byte get(int i) {
        return array[offset + i];
    }

    public byte[] toArray() {
        return java.util.Arrays.copyOfRange(array, offset, offset + length);
    }
}
