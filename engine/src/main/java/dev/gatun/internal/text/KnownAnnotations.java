package dev.gatun.internal.text;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.ModuleModel.CustomSection;
import dev.gatun.internal.text.Token.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The annotations a module parser understands: {@code @custom} (a custom section, between module fields),
 * {@code @name} (after {@code module} or a definition's id) and {@code @metadata.code.branch_hint} (before
 * an {@code if} or {@code br_if}). The parser takes each where it is allowed; any left over is misplaced.
 * Other annotations are ignored, as the spec allows.
 */
final class KnownAnnotations {
    static final String CUSTOM = "custom";
    static final String NAME = "name";
    static final String BRANCH_HINT = "metadata.code.branch_hint";

    private static final Set<String> SECTION_KINDS = Set.of("first", "last", "type", "import", "func", "table",
            "memory", "global", "tag", "export", "start", "elem", "code", "data", "datacount");

    private final TokenCursor in;
    private final Set<Annotation> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Annotations by the index of the token that follows them. */
    private final Map<Integer, List<Annotation>> byToken = new HashMap<>();

    KnownAnnotations(TokenCursor in) {
        this.in = in;
        for (Annotation a : in.annotations) {
            byToken.computeIfAbsent(a.tokenIndex(), k -> new ArrayList<>()).add(a);
        }
    }

    /** Not yet taken annotations {@code @id} just before token {@code tokenIndex}. */
    List<Annotation> take(String id, int tokenIndex) {
        List<Annotation> found = new ArrayList<>();
        for (Annotation a : byToken.getOrDefault(tokenIndex, List.of())) {
            if (a.id().equals(id) && taken.add(a)) found.add(a);
        }
        return found;
    }

    /** An optional {@code (@name "...")} before the current token. */
    String name(boolean moduleName) {
        List<Annotation> names = take(NAME, in.pos);
        if (names.isEmpty()) return null;
        if (names.size() > 1) {
            throw in.errorAt(names.get(1).start(), "@name annotation: multiple " + (moduleName ? "module" : "names"));
        }
        Annotation a = names.get(0);
        if (a.content().size() != 1 || !a.content().get(0).is(Kind.STRING)) {
            throw in.errorAt(a.start(), "@name annotation: unexpected token");
        }
        return utf8(a, a.content().get(0).bytes(), "@name");
    }

    /** {@code (@custom "name" placement? "data"*)} annotations before the current token (a field boundary). */
    List<CustomSection> customSections() {
        List<CustomSection> sections = new ArrayList<>();
        for (Annotation a : take(CUSTOM, in.pos)) {
            List<Token> c = a.content();
            if (c.isEmpty() || !c.get(0).is(Kind.STRING)) {
                throw in.errorAt(a.start(), "@custom annotation: missing section name");
            }
            String name = utf8(a, c.get(0).bytes(), "@custom");
            int i = 1;
            if (i < c.size() && c.get(i).is(Kind.LPAREN)) {
                Token where = i + 1 < c.size() ? c.get(i + 1) : null;
                if (where == null || !(where.isKeyword("before") || where.isKeyword("after"))) {
                    throw in.errorAt(a.start(), "@custom annotation: malformed placement");
                }
                Token kind = i + 2 < c.size() ? c.get(i + 2) : null;
                if (kind == null || !kind.is(Kind.KEYWORD) || !SECTION_KINDS.contains(kind.text())) {
                    throw in.errorAt(a.start(), "@custom annotation: malformed section kind");
                }
                if (i + 3 >= c.size() || !c.get(i + 3).is(Kind.RPAREN)) {
                    throw in.errorAt(a.start(), "@custom annotation: unexpected token");
                }
                i += 4;
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (; i < c.size(); i++) {
                if (!c.get(i).is(Kind.STRING)) throw in.errorAt(c.get(i).start(), "@custom annotation: unexpected token");
                data.writeBytes(c.get(i).bytes());
            }
            sections.add(new CustomSection(name, ByteSlice.of(data.toByteArray()), -1));
        }
        return sections;
    }

    /** Branch hints before the current instruction: at most one, and only on if/br_if. */
    void branchHint() {
        List<Annotation> hints = take(BRANCH_HINT, in.pos);
        if (hints.isEmpty()) return;
        if (hints.size() > 1) {
            throw in.errorAt(hints.get(1).start(), "@metadata.code.branch_hint annotation: duplicate annotation");
        }
        Token next = in.peek().is(Kind.LPAREN) ? in.peek(1) : in.peek();
        if (!next.isKeyword("if") && !next.isKeyword("br_if")) {
            throw new InvalidModuleException("@metadata.code.branch_hint annotation: invalid target at "
                    + in.position(hints.get(0).start()));
        }
    }

    /** After parsing: a known annotation nobody took was in a place it may not be. */
    void checkNoneLeft() {
        for (Annotation a : in.annotations) {
            if (taken.contains(a)) continue;
            switch (a.id()) {
                case CUSTOM, NAME -> throw in.errorAt(a.start(), "misplaced @" + a.id() + " annotation");
                case BRANCH_HINT -> throw in.errorAt(a.start(), "@" + a.id() + " annotation: not in a function");
                default -> { }
            }
        }
    }

    private String utf8(Annotation a, byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw in.errorAt(a.start(), what + " annotation: malformed UTF-8 encoding");
        }
    }
}
