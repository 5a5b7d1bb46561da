package dev.gatun.internal.validate;

import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ValType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Process-wide identities of defined types under iso-recursive equivalence: two rec groups that are
 * structurally identical (references inside the group taken relative to it, references outside it by their
 * canonical id) get the same canonical ids, in one module or across modules. A canonical id also remembers
 * its declared supertype and the kind of its composite type, so subtyping can be decided on canonical types
 * alone: this is what import matching and casts across module boundaries use.
 *
 * <p>A <em>canonical heap type</em> is an abstract heap type code (negative, see {@link HeapType}) or a
 * canonical id (&ge; 0); a canonical value type is a {@link ValType} whose heap type is one. Entries are never
 * removed: a module's types stay known for the lifetime of the process.
 */
public final class CanonicalTypes {
    private CanonicalTypes() {}

    static final byte FUNC = 0;
    static final byte STRUCT = 1;
    static final byte ARRAY = 2;

    private static final Map<String, Integer> GROUP_FIRST_ID = new HashMap<>();
    private static int[] supertypeOf = new int[64];
    /** Length of the supertype chain above each type, and a jump pointer up it (see isDeclaredSubtype). */
    private static int[] depthOf = new int[64];
    private static int[] jumpOf = new int[64];
    private static byte[] kindOf = new byte[64];
    private static int nextId;

    /**
     * Returns the canonical id of the first type of the rec group described by {@code key} (its types get
     * consecutive ids), registering it when new.
     *
     * @param key the group's structural key (see {@link TypeContext})
     * @param relativeSupertypes per type of the group: the supertype as a group-relative index (&ge; 0), a
     *        canonical id encoded as {@code -2 - id}, or -1 when there is none
     * @param kinds per type of the group: {@link #FUNC}, {@link #STRUCT} or {@link #ARRAY}
     */
    static synchronized int intern(String key, int[] relativeSupertypes, byte[] kinds) {
        Integer known = GROUP_FIRST_ID.get(key);
        if (known != null) return known;
        int first = nextId;
        int n = relativeSupertypes.length;
        if (first + n > supertypeOf.length) {
            int size = Math.max(first + n, supertypeOf.length * 2);
            supertypeOf = Arrays.copyOf(supertypeOf, size);
            depthOf = Arrays.copyOf(depthOf, size);
            jumpOf = Arrays.copyOf(jumpOf, size);
            kindOf = Arrays.copyOf(kindOf, size);
        }
        for (int i = 0; i < n; i++) {
            int id = first + i;
            int s = relativeSupertypes[i];
            int parent = s >= 0 ? first + s : (s == -1 ? -1 : -2 - s);
            supertypeOf[id] = parent;
            kindOf[id] = kinds[i];
            setDepthAndJump(id, parent);
        }
        nextId = first + n;
        GROUP_FIRST_ID.put(key, first);
        return first;
    }

    /**
     * Jump pointers (Myers' skew-binary scheme): each type points either at its supertype or far up the chain,
     * so that finding an ancestor at a given depth takes O(log depth) steps even for very long chains.
     */
    private static void setDepthAndJump(int id, int parent) {
        if (parent < 0) {
            depthOf[id] = 0;
            jumpOf[id] = -1;
            return;
        }
        depthOf[id] = depthOf[parent] + 1;
        int j = jumpOf[parent];
        boolean skip = j >= 0 && jumpOf[j] >= 0
                && depthOf[parent] - depthOf[j] == depthOf[j] - depthOf[jumpOf[j]];
        jumpOf[id] = skip ? jumpOf[j] : parent;
    }

    /** True if canonical type {@code sub} is {@code sup} or declares it as a (transitive) supertype. */
    public static synchronized boolean isDeclaredSubtype(int sub, int sup) {
        int target = depthOf[sup];
        if (depthOf[sub] < target) return false;
        int t = sub;
        while (depthOf[t] > target) {
            int j = jumpOf[t];
            t = j >= 0 && depthOf[j] >= target ? j : supertypeOf[t];
        }
        return t == sup;
    }

    private static synchronized byte kind(int canonicalId) {
        return kindOf[canonicalId];
    }

    /** {@code a <: b} for canonical value types; {@code null} (unknown) matches anything. */
    public static boolean isSubtype(ValType a, ValType b) {
        if (a == null || b == null) return true;
        if (a.kind() != b.kind()) return false;
        if (!a.isRef()) return true;
        if (a.nullable() && !b.nullable()) return false;
        return isHeapSubtype(a.heapType(), b.heapType());
    }

    /** {@code a <: b} for canonical heap types. */
    public static boolean isHeapSubtype(int a, int b) {
        if (a == b) return true;
        if (a >= 0 && b >= 0) return isDeclaredSubtype(a, b);
        if (a >= 0) {
            // a concrete type is below the abstract types of its kind
            return switch (kind(a)) {
                case FUNC -> b == HeapType.FUNC;
                case STRUCT -> b == HeapType.STRUCT || b == HeapType.EQ || b == HeapType.ANY;
                default -> b == HeapType.ARRAY || b == HeapType.EQ || b == HeapType.ANY;
            };
        }
        if (b >= 0) {
            // only the bottom of its hierarchy is below a concrete type
            return kind(b) == FUNC ? a == HeapType.NOFUNC : a == HeapType.NONE;
        }
        return switch (a) {
            case HeapType.NONE -> b == HeapType.ANY || b == HeapType.EQ || b == HeapType.I31
                    || b == HeapType.STRUCT || b == HeapType.ARRAY;
            case HeapType.I31, HeapType.STRUCT, HeapType.ARRAY -> b == HeapType.EQ || b == HeapType.ANY;
            case HeapType.EQ -> b == HeapType.ANY;
            case HeapType.NOFUNC -> b == HeapType.FUNC;
            case HeapType.NOEXTERN -> b == HeapType.EXTERN;
            case HeapType.NOEXN -> b == HeapType.EXN;
            default -> false;
        };
    }

    /** The top of the hierarchy a canonical heap type belongs to: any, func, extern or exn. */
    public static int topOf(int heapType) {
        if (heapType >= 0) return kind(heapType) == FUNC ? HeapType.FUNC : HeapType.ANY;
        return switch (heapType) {
            case HeapType.FUNC, HeapType.NOFUNC -> HeapType.FUNC;
            case HeapType.EXTERN, HeapType.NOEXTERN -> HeapType.EXTERN;
            case HeapType.EXN, HeapType.NOEXN -> HeapType.EXN;
            default -> HeapType.ANY;
        };
    }
}
