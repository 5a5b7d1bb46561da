package dev.gatun.internal.text;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.text.Token.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A position in a token list, with the small look-ahead and expect helpers the parsers share. */
final class TokenCursor {
    final String src;
    final List<Token> tokens;
    private final SourcePositions positions;
    int pos;

    final List<Annotation> annotations;

    TokenCursor(String src) {
        this(src, Lexer.lex(src));
    }

    private TokenCursor(String src, Lexer.Lexed lexed) {
        this.src = src;
        this.tokens = lexed.tokens();
        this.annotations = lexed.annotations();
        this.positions = new SourcePositions(src);
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        int i = pos + ahead;
        return i < tokens.size() ? tokens.get(i) : tokens.get(tokens.size() - 1);
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) pos++;
        return t;
    }

    boolean atEof() {
        return peek().is(Kind.EOF);
    }

    /** True if the next tokens are {@code (} and the keyword {@code word}. */
    boolean atParenKeyword(String word) {
        return peek().is(Kind.LPAREN) && peek(1).isKeyword(word);
    }

    boolean atKeyword(String word) {
        return peek().isKeyword(word);
    }

    /** Consumes {@code word} if it is next. */
    boolean acceptKeyword(String word) {
        if (atKeyword(word)) {
            pos++;
            return true;
        }
        return false;
    }

    void expectLParen() {
        Token t = next();
        if (!t.is(Kind.LPAREN)) throw unexpected(t, "'('");
    }

    void expectRParen() {
        Token t = next();
        if (!t.is(Kind.RPAREN)) throw unexpected(t, "')'");
    }

    void expectKeyword(String word) {
        Token t = next();
        if (!t.isKeyword(word)) throw unexpected(t, "'" + word + "'");
    }

    String expectKeyword() {
        Token t = next();
        if (!t.is(Kind.KEYWORD)) throw unexpected(t, "a keyword");
        return t.text();
    }

    /** An optional {@code $id}: its name, or null. */
    String acceptId() {
        if (peek().is(Kind.ID)) return next().text();
        return null;
    }

    byte[] expectStringBytes() {
        Token t = next();
        if (!t.is(Kind.STRING)) throw unexpected(t, "a string");
        return t.bytes();
    }

    /** A string that must be valid UTF-8 (names). */
    String expectName() {
        Token t = peek();
        byte[] bytes = expectStringBytes();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error(t, "malformed UTF-8 encoding");
        }
    }

    /** Skips one balanced S-expression or atom, iteratively. */
    void skipSexpr() {
        int depth = 0;
        do {
            Token t = next();
            if (t.is(Kind.EOF)) throw error(t, "unexpected end of input, unclosed '('");
            if (t.is(Kind.LPAREN)) depth++;
            else if (t.is(Kind.RPAREN)) depth--;
        } while (depth > 0);
    }

    MalformedModuleException unexpected(Token t, String expected) {
        if (t.is(Kind.RESERVED)) return error(t, "unknown operator or unexpected token " + t.describe());
        return error(t, "unexpected token " + t.describe() + ", expected " + expected);
    }

    MalformedModuleException error(Token t, String message) {
        return new MalformedModuleException(message + " at " + positions.describe(t.start()));
    }

    MalformedModuleException errorAt(int offset, String message) {
        return new MalformedModuleException(message + " at " + positions.describe(offset));
    }

    String position(int offset) {
        return positions.describe(offset);
    }

    MalformedModuleException error(String message) {
        return error(peek(), message);
    }

    int line(Token t) {
        return positions.line(t.start());
    }
}
