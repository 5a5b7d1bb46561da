package dev.gatun.internal.validate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Process-wide identities of defined types under iso-recursive equivalence: two rec groups that are
 * structurally identical (references inside the group taken relative to it, references outside it by their
 * canonical id) get the same canonical ids, in one module or across modules. A canonical id also remembers
 * its declared supertype, so subtyping between concrete types can be decided from ids alone (needed later
 * for import matching and casts across module boundaries).
 *
 * <p>Entries are never removed: a module's types stay known for the lifetime of the process.
 */
public final class CanonicalTypes {
    private CanonicalTypes() {}

    private static final Map<String, Integer> GROUP_FIRST_ID = new HashMap<>();
    private static int[] supertypeOf = new int[64];
    private static int nextId;

    /**
     * Returns the canonical id of the first type of the rec group described by {@code key} (its types get
     * consecutive ids), registering it when new.
     *
     * @param key the group's structural key (see {@link TypeContext})
     * @param relativeSupertypes per type of the group: the supertype as a group-relative index (&ge; 0), a
     *        canonical id encoded as {@code -2 - id}, or -1 when there is none
     */
    static synchronized int intern(String key, int[] relativeSupertypes) {
        Integer known = GROUP_FIRST_ID.get(key);
        if (known != null) return known;
        int first = nextId;
        int n = relativeSupertypes.length;
        if (first + n > supertypeOf.length) {
            supertypeOf = Arrays.copyOf(supertypeOf, Math.max(first + n, supertypeOf.length * 2));
        }
        for (int i = 0; i < n; i++) {
            int s = relativeSupertypes[i];
            supertypeOf[first + i] = s >= 0 ? first + s : (s == -1 ? -1 : -2 - s);
        }
        nextId = first + n;
        GROUP_FIRST_ID.put(key, first);
        return first;
    }

    /** True if canonical type {@code sub} is {@code sup} or declares it as a (transitive) supertype. */
    public static synchronized boolean isSubtype(int sub, int sup) {
        for (int t = sub; t >= 0; t = supertypeOf[t]) {
            if (t == sup) return true;
        }
        return false;
    }
}
