package dev.gatun.internal.text;

/**
 * Turns the bytes of a {@code (module quote ...)} string into source text. Bytes that are not valid UTF-8
 * become lone surrogates (U+DC80..U+DCFF), which the lexer rejects as "malformed UTF-8 encoding" wherever
 * they appear, so the error surfaces when the module is parsed rather than when the script is.
 */
final class QuotedText {
    private QuotedText() {}

    static String decode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
                    : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            int cp = length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
            boolean valid = length > 0 && i + length <= bytes.length;
            for (int k = 1; valid && k < length; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) valid = false;
                cp = (cp << 6) | (c & 0x3F);
            }
            if (valid) {
                int min = length == 2 ? 0x80 : length == 3 ? 0x800 : length == 4 ? 0x10000 : 0;
                valid = cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp < 0xE000);
            }
            if (valid) {
                sb.appendCodePoint(cp);
                i += length;
            } else {
                sb.append((char) (0xDC00 | b));
                i++;
            }
        }
        return sb.toString();
    }
}
