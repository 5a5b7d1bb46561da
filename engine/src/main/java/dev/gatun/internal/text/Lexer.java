package dev.gatun.internal.text;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.text.Token.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text-format source into tokens. Comments (line and nested block) and annotations {@code (@id ...)}
 * are dropped here; nesting is tracked with counters, never recursion.
 */
final class Lexer {
    private final String src;
    private final SourcePositions positions;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Annotation> annotations = new ArrayList<>();
    private int pos;
    /** Open parentheses inside the annotation being read (0 = not in an annotation). */
    private int annotationDepth;
    private Annotation annotation;

    /** The tokens of a text, and its annotations (kept aside, keyed by the index of the token after them). */
    record Lexed(List<Token> tokens, List<Annotation> annotations) {}

    private Lexer(String src) {
        this.src = src;
        this.positions = new SourcePositions(src);
    }

    static List<Token> tokenize(String src) {
        return lex(src).tokens();
    }

    static Lexed lex(String src) {
        Lexer lexer = new Lexer(src);
        lexer.run();
        return new Lexed(lexer.tokens, lexer.annotations);
    }

    private void run() {
        int n = src.length();
        while (true) {
            skipBlanksAndComments();
            if (pos >= n) break;
            char c = src.charAt(pos);
            int start = pos;
            checkLegalOutsideStrings(c);
            if (c == '(') {
                pos++;
                if (annotationDepth > 0) {
                    annotationDepth++;
                    annotation.content().add(new Token(Kind.LPAREN, "(", null, start, pos));
                } else if (pos < n && src.charAt(pos) == '@') {
                    int idStart = ++pos;
                    String id;
                    if (pos < n && src.charAt(pos) == '"') {
                        byte[] bytes = readString();
                        if (bytes.length == 0) throw error("empty annotation id", start);
                        id = decodeUtf8(bytes, idStart);
                    } else {
                        while (pos < n && isIdChar(src.charAt(pos))) pos++;
                        if (pos == idStart) throw error("empty annotation id", start);
                        id = src.substring(idStart, pos);
                    }
                    annotationDepth = 1;
                    annotation = new Annotation(id, start, tokens.size(), new ArrayList<>());
                    annotations.add(annotation);
                } else {
                    emit(new Token(Kind.LPAREN, "(", null, start, pos));
                }
            } else if (c == ')') {
                pos++;
                if (annotationDepth > 0) {
                    annotationDepth--;
                    if (annotationDepth > 0) annotation.content().add(new Token(Kind.RPAREN, ")", null, start, pos));
                } else {
                    emit(new Token(Kind.RPAREN, ")", null, start, pos));
                }
            } else if (c == '"') {
                byte[] bytes = readString();
                Kind kind = atSeparator() ? Kind.STRING : Kind.RESERVED;
                if (kind == Kind.RESERVED) skipToSeparator();
                emit(new Token(kind, src.substring(start, pos), bytes, start, pos));
            } else if (c == '$' && pos + 1 < n && src.charAt(pos + 1) == '"') {
                pos++;
                byte[] bytes = readString();
                if (!atSeparator()) {
                    skipToSeparator();
                    emit(new Token(Kind.RESERVED, src.substring(start, pos), null, start, pos));
                } else {
                    if (bytes.length == 0) throw error("empty identifier", start);
                    emit(new Token(Kind.ID, decodeUtf8(bytes, start), null, start, pos));
                }
            } else {
                while (pos < n && isIdChar(src.charAt(pos))) pos++;
                boolean clean = pos > start && atSeparator();
                if (!clean) skipToSeparator();
                String text = src.substring(start, pos);
                emit(new Token(clean ? classify(text) : Kind.RESERVED, clean && c == '$' ? text.substring(1) : text,
                        null, start, pos));
            }
        }
        if (annotationDepth > 0) throw error("unclosed annotation", pos);
        tokens.add(new Token(Kind.EOF, "", null, src.length(), src.length()));
    }

    private static Kind classify(String text) {
        char c = text.charAt(0);
        if (c == '$') return text.length() > 1 ? Kind.ID : Kind.RESERVED;
        if (c >= 'a' && c <= 'z') return Kind.KEYWORD;
        if (c >= '0' && c <= '9') return Kind.NUMBER;
        if ((c == '+' || c == '-') && text.length() > 1) {
            char d = text.charAt(1);
            if ((d >= '0' && d <= '9') || text.startsWith("inf", 1) || text.startsWith("nan", 1)) return Kind.NUMBER;
        }
        return Kind.RESERVED;
    }

    private void emit(Token t) {
        if (annotationDepth == 0) {
            tokens.add(t);
        } else {
            annotation.content().add(t);
        }
    }

    private boolean atSeparator() {
        if (pos >= src.length()) return true;
        char c = src.charAt(pos);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')'
                || (c == ';' && pos + 1 < src.length() && src.charAt(pos + 1) == ';');
    }

    private void skipToSeparator() {
        while (pos < src.length() && !atSeparator()) {
            if (src.charAt(pos) == '"') {
                readString();
            } else {
                checkLegalOutsideStrings(src.charAt(pos));
                pos++;
            }
        }
    }

    /** Outside strings and comments only printable ASCII and whitespace may appear. */
    private void checkLegalOutsideStrings(char c) {
        if (Character.isSurrogate(c)) throw error("malformed UTF-8 encoding", pos);
        if (c < 0x20 || c >= 0x7F) throw error("illegal character", pos);
    }

    static boolean isIdChar(char c) {
        if (c <= ' ' || c >= 0x7F) return false;
        return switch (c) {
            case '"', ',', ';', '(', ')', '[', ']', '{', '}' -> false;
            default -> true;
        };
    }

    private void skipBlanksAndComments() {
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == ';' && pos + 1 < n && src.charAt(pos + 1) == ';') {
                while (pos < n && src.charAt(pos) != '\n') checkCommentChar(pos++);
            } else if (c == '(' && pos + 1 < n && src.charAt(pos + 1) == ';') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipBlockComment() {
        int start = pos;
        int depth = 0;
        int n = src.length();
        while (pos < n) {
            if (src.startsWith("(;", pos)) {
                depth++;
                pos += 2;
            } else if (src.startsWith(";)", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) return;
            } else {
                checkCommentChar(pos++);
            }
        }
        throw error("unclosed block comment", start);
    }

    private void checkCommentChar(int at) {
        char c = src.charAt(at);
        if (Character.isSurrogate(c)) {
            boolean paired = Character.isHighSurrogate(c) ? at + 1 < src.length()
                    && Character.isLowSurrogate(src.charAt(at + 1))
                    : at > 0 && Character.isHighSurrogate(src.charAt(at - 1));
            if (!paired) throw error("malformed UTF-8 encoding", at);
        }
    }

    /** Reads a string literal at {@code pos} (on the opening quote) and returns its bytes. */
    private byte[] readString() {
        int start = pos;
        pos++;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = src.length();
        while (true) {
            if (pos >= n) throw error("unclosed string", start);
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toByteArray();
            }
            if (c == '\\') {
                readEscape(out);
            } else if (c < 0x20 || c == 0x7F) {
                throw error("illegal character in string", pos);
            } else {
                int cp = src.codePointAt(pos);
                if (Character.isSurrogate(c) && cp == c) throw error("malformed UTF-8 encoding", pos);
                pos += Character.charCount(cp);
                writeUtf8(out, cp);
            }
        }
    }

    private void readEscape(ByteArrayOutputStream out) {
        int at = pos;
        pos++;
        if (pos >= src.length()) throw error("unclosed string", at);
        char e = src.charAt(pos++);
        switch (e) {
            case 'n' -> out.write('\n');
            case 't' -> out.write('\t');
            case 'r' -> out.write('\r');
            case '"' -> out.write('"');
            case '\'' -> out.write('\'');
            case '\\' -> out.write('\\');
            case 'u' -> {
                if (pos >= src.length() || src.charAt(pos) != '{') throw error("malformed unicode escape", at);
                pos++;
                long cp = 0;
                int digits = 0;
                boolean lastUnderscore = false;
                while (pos < src.length() && src.charAt(pos) != '}') {
                    char h = src.charAt(pos);
                    if (h == '_' && digits > 0 && !lastUnderscore) {
                        lastUnderscore = true;
                        pos++;
                        continue;
                    }
                    int v = Character.digit(h, 16);
                    if (v < 0) throw error("malformed unicode escape", at);
                    cp = Math.min(cp * 16 + v, 0x7FFFFFFFL);
                    digits++;
                    lastUnderscore = false;
                    pos++;
                }
                if (pos >= src.length() || digits == 0 || lastUnderscore) throw error("malformed unicode escape", at);
                pos++;
                if (cp >= 0x110000 || (cp >= 0xD800 && cp < 0xE000)) throw error("malformed unicode escape", at);
                writeUtf8(out, (int) cp);
            }
            default -> {
                int hi = Character.digit(e, 16);
                int lo = pos < src.length() ? Character.digit(src.charAt(pos), 16) : -1;
                if (hi < 0 || lo < 0) throw error("illegal escape", at);
                pos++;
                out.write(hi * 16 + lo);
            }
        }
    }

    static void writeUtf8(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | (cp >> 6));
            out.write(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out.write(0xE0 | (cp >> 12));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        } else {
            out.write(0xF0 | (cp >> 18));
            out.write(0x80 | ((cp >> 12) & 0x3F));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        }
    }

    private String decodeUtf8(byte[] bytes, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error("malformed UTF-8 encoding", at);
        }
    }

    private MalformedModuleException error(String message, int offset) {
        return new MalformedModuleException(message + " at " + positions.describe(offset));
    }
}
