package dev.gatun.internal.text;

/**
 * One token of the text format. {@code text} is the raw source text, except for {@link Kind#ID} where it is
 * the identifier's name without {@code $} (quoted ids decoded). {@code bytes} holds a string's decoded bytes.
 * {@code start}/{@code end} are character offsets in the source.
 */
record Token(Kind kind, String text, byte[] bytes, int start, int end) {

    enum Kind { LPAREN, RPAREN, KEYWORD, ID, STRING, NUMBER, RESERVED, EOF }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isKeyword(String word) {
        return kind == Kind.KEYWORD && text.equals(word);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case ID -> "$" + text;
            default -> "'" + text + "'";
        };
    }
}
