package dev.gatun.internal.text;

import dev.gatun.internal.text.Token.Kind;

/** {@code v128.const} operands: a shape keyword then one literal per lane, packed little-endian. */
final class V128Literal {
    private V128Literal() {}

    static int laneCount(String shape) {
        return switch (shape) {
            case "i8x16" -> 16;
            case "i16x8" -> 8;
            case "i32x4", "f32x4" -> 4;
            case "i64x2", "f64x2" -> 2;
            default -> 0;
        };
    }

    /** Reads the lanes of {@code shape} from {@code in}; returns {lo, hi}. */
    static long[] parseLanes(TokenCursor in, String shape) {
        int lanes = laneCount(shape);
        int laneBits = 128 / lanes;
        byte[] bytes = new byte[16];
        for (int i = 0; i < lanes; i++) {
            Token t = in.next();
            long bits;
            if (shape.startsWith("f")) {
                TextNumbers.FloatResult r = TextNumbers.parseFloat(t.text(), laneBits == 32);
                if (!r.wellFormed() || !(t.is(Kind.NUMBER) || t.is(Kind.KEYWORD))) {
                    throw in.unexpected(t, "a " + shape + " lane");
                }
                if (!r.inRange()) throw in.error(t, "constant out of range");
                bits = r.bits();
            } else {
                TextNumbers.IntResult r = TextNumbers.parseIntN(t.text(), laneBits);
                if (!r.wellFormed() || !t.is(Kind.NUMBER)) throw in.unexpected(t, "a " + shape + " lane");
                if (!r.inRange()) throw in.error(t, "constant out of range");
                bits = r.value();
            }
            int bytesPerLane = laneBits / 8;
            for (int b = 0; b < bytesPerLane; b++) {
                bytes[i * bytesPerLane + b] = (byte) (bits >>> (8 * b));
            }
        }
        long lo = 0;
        long hi = 0;
        for (int b = 7; b >= 0; b--) {
            lo = (lo << 8) | (bytes[b] & 0xFF);
            hi = (hi << 8) | (bytes[b + 8] & 0xFF);
        }
        return new long[] {lo, hi};
    }
}
