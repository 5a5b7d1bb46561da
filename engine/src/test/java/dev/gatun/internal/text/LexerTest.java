package dev.gatun.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.text.Token.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<Kind> kinds(String src) {
        return Lexer.tokenize(src).stream().map(Token::kind).toList();
    }

    @Test
    void splitsParensKeywordsIdsNumbersAndStrings() {
        List<Token> tokens = Lexer.tokenize("(func $f (i32.const -0x1_0) \"hi\")");
        assertThat(tokens).extracting(Token::kind).containsExactly(Kind.LPAREN, Kind.KEYWORD, Kind.ID, Kind.LPAREN,
                Kind.KEYWORD, Kind.NUMBER, Kind.RPAREN, Kind.STRING, Kind.RPAREN, Kind.EOF);
        assertThat(tokens.get(2).text()).isEqualTo("f");
        assertThat(tokens.get(5).text()).isEqualTo("-0x1_0");
        assertThat(tokens.get(7).bytes()).containsExactly('h', 'i');
    }

    @Test
    void quotedIdsEqualPlainIds() {
        List<Token> tokens = Lexer.tokenize("$\"a b\" $abc $\"abc\"");
        assertThat(tokens.get(0).text()).isEqualTo("a b");
        assertThat(tokens.get(1).text()).isEqualTo(tokens.get(2).text());
        assertThatThrownBy(() -> Lexer.tokenize("$\"\"")).hasMessageContaining("empty identifier");
    }

    @Test
    void decodesEveryStringEscape() {
        byte[] bytes = Lexer.tokenize("\"\\n\\t\\r\\\\\\'\\\"\\00\\ff\\u{41}\\u{1F600}é\"").get(0).bytes();
        byte[] expected = {'\n', '\t', '\r', '\\', '\'', '"', 0x00, (byte) 0xFF, 'A',
                (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xC3, (byte) 0xA9};
        assertThat(bytes).containsExactly(expected);
    }

    @Test
    void rejectsBadStrings() {
        assertThatThrownBy(() -> Lexer.tokenize("\"abc")).isInstanceOf(MalformedModuleException.class)
                .hasMessageContaining("unclosed string");
        assertThatThrownBy(() -> Lexer.tokenize("\"\\u{D800}\"")).hasMessageContaining("unicode escape");
        assertThatThrownBy(() -> Lexer.tokenize("\"\\q\"")).hasMessageContaining("illegal escape");
        assertThatThrownBy(() -> Lexer.tokenize("\"a\tb\"")).hasMessageContaining("illegal character");
    }

    @Test
    void skipsLineAndNestedBlockComments() {
        assertThat(kinds("a ;; comment ) (\n (; x (; nested ;) y ;) b")).containsExactly(Kind.KEYWORD, Kind.KEYWORD,
                Kind.EOF);
        assertThatThrownBy(() -> Lexer.tokenize("(; (; ;)")).hasMessageContaining("unclosed block comment");
    }

    @Test
    void skipsBalancedAnnotations() {
        assertThat(kinds("(module (@name \"x\" (nested ( ) \")\")) (func))")).containsExactly(Kind.LPAREN,
                Kind.KEYWORD, Kind.LPAREN, Kind.KEYWORD, Kind.RPAREN, Kind.RPAREN, Kind.EOF);
        assertThatThrownBy(() -> Lexer.tokenize("(@ x)")).hasMessageContaining("empty annotation id");
        assertThatThrownBy(() -> Lexer.tokenize("(@a (b)")).hasMessageContaining("unclosed annotation");
    }

    @Test
    void marksGluedTokensReserved() {
        assertThat(kinds("$a\"b\"")).containsExactly(Kind.RESERVED, Kind.EOF);
        assertThat(kinds("\"a\"b")).containsExactly(Kind.RESERVED, Kind.EOF);
        assertThat(kinds("+x")).containsExactly(Kind.RESERVED, Kind.EOF);
    }

    @Test
    void rejectsIllegalCharactersOutsideStrings() {
        assertThatThrownBy(() -> Lexer.tokenize("(func \u00e9)")).hasMessageContaining("illegal character")
                .hasMessageContaining("1:7");
        assertThatThrownBy(() -> Lexer.tokenize("a\u0001")).hasMessageContaining("illegal character");
    }

    @Test
    void invalidUtf8InQuotedModulesIsReportedByTheLexer() {
        String text = QuotedText.decode("(func) ;; \u00ff".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Lexer.tokenize(text)).hasMessageContaining("malformed UTF-8");
        assertThat(QuotedText.decode("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
    }

    @Test
    void errorsCarryLineAndColumn() {
        assertThatThrownBy(() -> Lexer.tokenize("(module\n  \"open")).hasMessageEndingWith("at 2:3");
    }
}
