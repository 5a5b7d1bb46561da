package dev.gatun.internal.text;

import dev.gatun.internal.text.Token.Kind;
import java.util.HashMap;
import java.util.Map;

/** One index space of a module (types, funcs, ...): how many entries, and which {@code $id} names which. */
final class IdSpace {
    final String what;
    private final Map<String, Integer> ids = new HashMap<>();
    private int count;

    IdSpace(String what) {
        this.what = what;
    }

    /** Adds the next entry (named {@code id} if not null) and returns its index. */
    int define(String id, Token at, TokenCursor in) {
        if (id != null) {
            if (ids.containsKey(id)) throw in.error(at, "duplicate " + what + " $" + id);
            ids.put(id, count);
        }
        return count++;
    }

    int count() {
        return count;
    }

    Integer lookup(String id) {
        return ids.get(id);
    }

    /** Reads an index: a u32 literal (emitted as given) or a known {@code $id}. */
    int resolve(TokenCursor in) {
        Token t = in.next();
        return resolve(t, in);
    }

    int resolve(Token t, TokenCursor in) {
        if (t.is(Kind.ID)) {
            Integer index = ids.get(t.text());
            if (index == null) throw in.error(t, "unknown " + what + " $" + t.text());
            return index;
        }
        return u32(t, in);
    }

    static boolean isIndex(Token t) {
        return t.is(Kind.ID) || t.is(Kind.NUMBER);
    }

    static int u32(Token t, TokenCursor in) {
        if (!t.is(Kind.NUMBER)) throw in.unexpected(t, "an index");
        TextNumbers.IntResult r = TextNumbers.parseUnsigned(t.text(), 32);
        if (!r.wellFormed()) throw in.unexpected(t, "an index");
        if (!r.inRange()) throw in.error(t, "constant out of range");
        return (int) r.value();
    }
}
