package dev.gatun.internal.text;

import dev.gatun.internal.text.Token.Kind;

/**
 * First pass over a module's fields: assigns every index space its indices and ids (so that references may
 * point forward), and enforces that imports precede definitions.
 */
final class IdCollector {
    private final TokenCursor in;
    private final ModuleScope scope;
    /** The kind of the first non-imported function/table/memory/global/tag, once one was seen. */
    private String firstDefinition;

    IdCollector(TokenCursor in, ModuleScope scope) {
        this.in = in;
        this.scope = scope;
    }

    /** Scans fields until the closing ')' of the module or the end of input; leaves the cursor there. */
    void collect() {
        while (!in.peek().is(Kind.RPAREN) && !in.atEof()) {
            int start = in.pos;
            field();
            in.pos = start;
            in.skipSexpr();
        }
    }

    private void field() {
        in.expectLParen();
        Token kw = in.next();
        if (!kw.is(Kind.KEYWORD)) throw in.unexpected(kw, "a module field");
        switch (kw.text()) {
            case "type" -> scope.types.define(in.acceptId(), kw, in);
            case "rec" -> {
                while (in.atParenKeyword("type")) {
                    int start = in.pos;
                    in.next();
                    Token at = in.next();
                    scope.types.define(in.acceptId(), at, in);
                    in.pos = start;
                    in.skipSexpr();
                }
            }
            case "import" -> {
                in.expectName();
                in.expectName();
                in.expectLParen();
                Token kind = in.next();
                Token idToken = in.peek();
                String id = in.acceptId();
                checkImportOrder(kw, kind.text());
                define(kind, id, idToken);
            }
            case "func", "table", "memory", "global", "tag" -> {
                Token idToken = in.peek();
                String id = in.acceptId();
                while (in.atParenKeyword("export")) in.skipSexpr();
                if (in.atParenKeyword("import")) {
                    checkImportOrder(kw, kw.text());
                } else if (firstDefinition == null) {
                    firstDefinition = kw.text();
                }
                define(kw, id, idToken);
                if (kw.text().equals("table") && hasInlineSegment("elem")) scope.elems.define(null, kw, in);
                if (kw.text().equals("memory") && hasInlineSegment("data")) scope.datas.define(null, kw, in);
            }
            case "elem" -> scope.elems.define(in.acceptId(), kw, in);
            case "data" -> scope.datas.define(in.acceptId(), kw, in);
            case "export", "start" -> { }
            default -> throw in.unexpected(kw, "a module field");
        }
    }

    private void checkImportOrder(Token at, String kind) {
        if (firstDefinition != null) throw in.error(at, "import after " + firstDefinition);
    }

    private void define(Token kind, String id, Token idToken) {
        switch (kind.text()) {
            case "func" -> scope.funcs.define(id, idToken, in);
            case "table" -> scope.tables.define(id, idToken, in);
            case "memory" -> scope.memories.define(id, idToken, in);
            case "global" -> scope.globals.define(id, idToken, in);
            case "tag" -> scope.tags.define(id, idToken, in);
            default -> throw in.unexpected(kind, "an import kind");
        }
    }

    /** True if the rest of the current field contains {@code (word} at its top level. */
    private boolean hasInlineSegment(String word) {
        int save = in.pos;
        try {
            while (!in.peek().is(Kind.RPAREN) && !in.atEof()) {
                if (in.atParenKeyword(word)) return true;
                if (in.peek().is(Kind.LPAREN)) in.skipSexpr();
                else in.next();
            }
            return false;
        } finally {
            in.pos = save;
        }
    }
}
