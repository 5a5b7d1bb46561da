package dev.gatun;

/**
 * A Wasm {@code v128} value: 128 bits as two little-endian halves ({@code lo} holds bytes 0..7). Immutable;
 * this is how v128 values cross the API (arguments, results, globals) and how compiled code carries them.
 */
public record V128(long lo, long hi) {
    public static final V128 ZERO = new V128(0, 0);

    @Override
    public String toString() {
        return String.format("v128(0x%016x%016x)", hi, lo);
    }
}
