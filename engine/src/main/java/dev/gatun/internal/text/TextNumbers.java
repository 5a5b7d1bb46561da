package dev.gatun.internal.text;

import java.math.BigInteger;

/**
 * Numeric literals of the text format: integers (decimal/hex, {@code _} separators, signs) and floats
 * (decimal, hex, {@code inf}, {@code nan}, {@code nan:0x...}). Methods return null when the text is not a
 * well-formed literal or is out of range; callers turn that into a "constant out of range" or "unexpected
 * token" error with a position.
 */
final class TextNumbers {
    private TextNumbers() {}

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** The value of an integer literal (sign allowed unless {@code unsignedOnly}), or null if malformed. */
    static BigInteger parseInteger(String text, boolean unsignedOnly) {
        int i = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            if (unsignedOnly) return null;
            negative = text.charAt(0) == '-';
            i = 1;
        }
        int radix = 10;
        if (text.startsWith("0x", i)) {
            radix = 16;
            i += 2;
        }
        String digits = stripUnderscores(text, i, radix);
        if (digits == null) return null;
        BigInteger v = new BigInteger(digits, radix);
        return negative ? v.negate() : v;
    }

    /** Digits from {@code from} with separators removed, or null if empty or a {@code _} is misplaced. */
    private static String stripUnderscores(String text, int from, int radix) {
        StringBuilder sb = new StringBuilder(text.length() - from);
        boolean previousDigit = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                if (!previousDigit) return null;
                previousDigit = false;
            } else if (Character.digit(c, radix) >= 0 && c < 0x80) {
                sb.append(c);
                previousDigit = true;
            } else {
                return null;
            }
        }
        return previousDigit ? sb.toString() : null;
    }

    /** An unsigned literal of at most {@code bits} bits (no sign allowed). */
    static IntResult parseUnsigned(String text, int bits) {
        BigInteger v = parseInteger(text, true);
        if (v == null) return new IntResult(false, false, 0);
        if (v.bitLength() > bits) return new IntResult(true, false, 0);
        return new IntResult(true, true, v.longValue());
    }

    /** An integer literal: whether it is well-formed, whether it fits, and its value. */
    record IntResult(boolean wellFormed, boolean inRange, long value) {}

    /** An iN literal: accepts -2^(N-1) .. 2^N-1, returns the N-bit two's complement value (sign-extended to long). */
    static IntResult parseIntN(String text, int bits) {
        BigInteger v = parseInteger(text, false);
        if (v == null) return new IntResult(false, false, 0);
        BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger maxExclusive = BigInteger.ONE.shiftLeft(bits);
        if (v.compareTo(min) < 0 || v.compareTo(maxExclusive) >= 0) return new IntResult(true, false, 0);
        long raw = v.longValue();
        if (bits < 64) raw = (raw << (64 - bits)) >> (64 - bits);
        return new IntResult(true, true, raw);
    }

    /** Float literal results: well-formedness, range, raw bits (f32 in the low 32). */
    record FloatResult(boolean wellFormed, boolean inRange, long bits) {}

    static FloatResult parseFloat(String text, boolean f32) {
        int i = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        String body = text.substring(i);
        long signBit = negative ? (f32 ? 0x80000000L : Long.MIN_VALUE) : 0;
        if (body.equals("inf")) {
            return new FloatResult(true, true, (f32 ? 0x7F800000L : 0x7FF0000000000000L) | signBit);
        }
        if (body.equals("nan")) {
            return new FloatResult(true, true, (f32 ? 0x7FC00000L : 0x7FF8000000000000L) | signBit);
        }
        if (body.startsWith("nan:0x")) {
            String digits = stripUnderscores(body, 6, 16);
            if (digits == null) return new FloatResult(false, false, 0);
            BigInteger payload = new BigInteger(digits, 16);
            int payloadBits = f32 ? 23 : 52;
            if (payload.signum() == 0 || payload.bitLength() > payloadBits) return new FloatResult(true, false, 0);
            long exp = f32 ? 0x7F800000L : 0x7FF0000000000000L;
            return new FloatResult(true, true, exp | payload.longValue() | signBit);
        }
        String javaText = toJavaFloatText(body);
        if (javaText == null) return new FloatResult(false, false, 0);
        if (f32) {
            float v = Float.parseFloat(javaText);
            if (Float.isInfinite(v)) return new FloatResult(true, false, 0);
            return new FloatResult(true, true, (Float.floatToRawIntBits(v) & 0xFFFFFFFFL) | signBit);
        }
        double v = Double.parseDouble(javaText);
        if (Double.isInfinite(v)) return new FloatResult(true, false, 0);
        return new FloatResult(true, true, Double.doubleToRawLongBits(v) | signBit);
    }

    /**
     * Rewrites an unsigned Wasm float literal (decimal or hex) into Java's literal syntax, or null if
     * malformed: {@code num(.frac?)?([eE]sign?num)?} or {@code 0xhex(.hexfrac?)?([pP]sign?num)?}.
     */
    private static String toJavaFloatText(String body) {
        boolean hex = body.startsWith("0x");
        int radix = hex ? 16 : 10;
        int i = hex ? 2 : 0;
        int n = body.length();
        int mantEnd = i;
        while (mantEnd < n && (body.charAt(mantEnd) == '_' || isDigit(body.charAt(mantEnd), radix))) mantEnd++;
        String intPart = mantEnd > i ? stripUnderscores(body.substring(0, mantEnd), i, radix) : null;
        if (intPart == null) return null;
        String fracPart = "";
        int j = mantEnd;
        if (j < n && body.charAt(j) == '.') {
            j++;
            int fracEnd = j;
            while (fracEnd < n && (body.charAt(fracEnd) == '_' || isDigit(body.charAt(fracEnd), radix))) fracEnd++;
            if (fracEnd > j) {
                fracPart = stripUnderscores(body.substring(0, fracEnd), j, radix);
                if (fracPart == null) return null;
            }
            j = fracEnd;
        }
        String expPart = "0";
        if (j < n) {
            char e = body.charAt(j);
            if (hex ? (e != 'p' && e != 'P') : (e != 'e' && e != 'E')) return null;
            j++;
            String sign = "";
            if (j < n && (body.charAt(j) == '+' || body.charAt(j) == '-')) {
                sign = body.charAt(j) == '-' ? "-" : "";
                j++;
            }
            String expDigits = stripUnderscores(body, j, 10);
            if (expDigits == null) return null;
            expPart = sign + clampExponent(expDigits);
        }
        if (hex) return "0x" + intPart + "." + fracPart + "p" + expPart;
        return intPart + "." + (fracPart.isEmpty() ? "0" : fracPart) + "e" + expPart;
    }

    /** Huge exponents saturate (Java's parser would overflow on them); the result is 0 or infinity either way. */
    private static String clampExponent(String digits) {
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        return trimmed.length() > 6 ? "999999" : trimmed;
    }

    private static boolean isDigit(char c, int radix) {
        return c < 0x80 && Character.digit(c, radix) >= 0;
    }
}
