package dev.gatun.internal.validate;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.CompositeType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.RecGroup;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.Types.SubType;
import dev.gatun.internal.model.ValType;
import java.util.List;

/**
 * A module's type section, validated and canonicalized: answers "is this type index known", "what is
 * type x", and the subtyping questions of the validator (value types, heap types, composite types).
 */
public final class TypeContext {
    private final List<SubType> types;
    private final int[] canonicalIds;

    private TypeContext(List<SubType> types, int[] canonicalIds) {
        this.types = types;
        this.canonicalIds = canonicalIds;
    }

    /** Validates the rec groups (index ranges, declared supertypes) and canonicalizes them. */
    static TypeContext build(List<RecGroup> recGroups, List<SubType> types) {
        int[] canonical = new int[types.size()];
        TypeContext ctx = new TypeContext(types, canonical);
        for (RecGroup group : recGroups) {
            int first = group.firstIndex();
            int end = first + group.types().size();
            for (int i = 0; i < group.types().size(); i++) {
                SubType st = group.types().get(i);
                int self = first + i;
                if (st.supertypes().length > 1) throw new InvalidModuleException("sub type: at most one supertype allowed (type " + self + ")");
                for (int s : st.supertypes()) {
                    if (s < 0 || s >= self) throw new InvalidModuleException("unknown type " + s + " (supertype of type " + self + ")");
                }
                forEachValType(st.composite(), t -> {
                    if (t.isConcreteRef() && t.heapType() >= end) {
                        throw new InvalidModuleException("unknown type " + t.heapType() + " (in type " + self + ")");
                    }
                });
            }
            ctx.canonicalize(group);
        }
        for (int i = 0; i < types.size(); i++) {
            SubType st = types.get(i);
            for (int s : st.supertypes()) {
                SubType sup = types.get(s);
                if (sup.isFinal()) throw new InvalidModuleException("sub type: type " + i + " extends final type " + s);
                if (!ctx.compositeMatches(st.composite(), sup.composite())) {
                    throw new InvalidModuleException("sub type: type " + i + " does not match its supertype " + s);
                }
            }
        }
        return ctx;
    }

    private interface ValTypeVisitor {
        void visit(ValType t);
    }

    private static void forEachValType(CompositeType ct, ValTypeVisitor v) {
        switch (ct) {
            case FuncType f -> {
                f.params().forEach(v::visit);
                f.results().forEach(v::visit);
            }
            case StructType s -> s.fields().forEach(fd -> v.visit(fd.storage()));
            case ArrayType a -> v.visit(a.element().storage());
        }
    }

    private void canonicalize(RecGroup group) {
        int first = group.firstIndex();
        int n = group.types().size();
        StringBuilder key = new StringBuilder();
        int[] supers = new int[n];
        byte[] kinds = new byte[n];
        for (int i = 0; i < n; i++) {
            SubType st = group.types().get(i);
            key.append(st.isFinal() ? 'F' : 'O');
            supers[i] = -1;
            for (int s : st.supertypes()) {
                key.append('<');
                appendTypeRef(key, s, first, n);
                supers[i] = s >= first ? s - first : -2 - canonicalIds[s];
            }
            switch (st.composite()) {
                case FuncType f -> {
                    kinds[i] = CanonicalTypes.FUNC;
                    key.append("func(");
                    for (ValType p : f.params()) appendValType(key, p, first, n);
                    key.append(")->(");
                    for (ValType r : f.results()) appendValType(key, r, first, n);
                    key.append(')');
                }
                case StructType s -> {
                    kinds[i] = CanonicalTypes.STRUCT;
                    key.append("struct(");
                    for (FieldType fd : s.fields()) appendField(key, fd, first, n);
                    key.append(')');
                }
                case ArrayType a -> {
                    kinds[i] = CanonicalTypes.ARRAY;
                    key.append("array(");
                    appendField(key, a.element(), first, n);
                    key.append(')');
                }
            }
            key.append(';');
        }
        int firstId = CanonicalTypes.intern(key.toString(), supers, kinds);
        for (int i = 0; i < n; i++) canonicalIds[first + i] = firstId + i;
    }

    private void appendField(StringBuilder key, FieldType fd, int first, int n) {
        key.append(fd.mutable() ? "mut " : "");
        appendValType(key, fd.storage(), first, n);
    }

    private void appendValType(StringBuilder key, ValType t, int first, int n) {
        if (!t.isRef()) {
            key.append(t).append(' ');
            return;
        }
        key.append(t.nullable() ? "(ref null " : "(ref ");
        if (t.heapType() >= 0) appendTypeRef(key, t.heapType(), first, n);
        else key.append(HeapType.toString(t.heapType()));
        key.append(')');
    }

    private void appendTypeRef(StringBuilder key, int index, int first, int n) {
        if (index >= first && index < first + n) key.append("rec.").append(index - first);
        else key.append('#').append(canonicalIds[index]);
    }

    // ---- lookups ----

    public int size() {
        return types.size();
    }

    public boolean exists(int typeIndex) {
        return typeIndex >= 0 && typeIndex < types.size();
    }

    /** The process-wide canonical id of a type index (equal ids = equivalent types). */
    public int canonicalId(int typeIndex) {
        return canonicalIds[typeIndex];
    }

    int[] canonicalIds() {
        return canonicalIds.clone();
    }

    public CompositeType composite(int typeIndex) {
        return types.get(typeIndex).composite();
    }

    /** The function type at an index, or null when the index is unknown or names a non-function type. */
    public FuncType funcTypeOrNull(int typeIndex) {
        return exists(typeIndex) && composite(typeIndex) instanceof FuncType f ? f : null;
    }

    /** True if every type index the value type mentions exists. */
    public boolean isValid(ValType t) {
        return !t.isConcreteRef() || exists(t.heapType());
    }

    public boolean isValidHeapType(int heapType) {
        return heapType < 0 ? HeapType.isAbstract(heapType) : exists(heapType);
    }

    // ---- subtyping ----

    /** {@code a <: b} for value types; {@code null} (the unknown type of unreachable code) matches anything. */
    public boolean isSubtype(ValType a, ValType b) {
        if (a == null || b == null) return true;
        if (a.kind() != b.kind()) return false;
        if (!a.isRef()) return true;
        if (a.nullable() && !b.nullable()) return false;
        return isHeapSubtype(a.heapType(), b.heapType());
    }

    public boolean isHeapSubtype(int a, int b) {
        return CanonicalTypes.isHeapSubtype(canonicalHeapType(a), canonicalHeapType(b));
    }

    /** The top of the hierarchy a heap type belongs to: any, func, extern or exn. */
    public int topOf(int heapType) {
        return CanonicalTypes.topOf(canonicalHeapType(heapType));
    }

    /** A heap type of this module as a canonical heap type (type indices become canonical ids). */
    public int canonicalHeapType(int heapType) {
        return heapType >= 0 ? canonicalIds[heapType] : heapType;
    }

    /**
     * A value type of this module with its heap type made canonical, for comparing with types of other
     * modules through {@link CanonicalTypes#isSubtype(ValType, ValType)}.
     */
    public ValType canonical(ValType t) {
        return t.isConcreteRef() ? ValType.ref(t.nullable(), canonicalIds[t.heapType()]) : t;
    }

    boolean compositeMatches(CompositeType sub, CompositeType sup) {
        if (sub instanceof FuncType f && sup instanceof FuncType g) {
            return f.params().size() == g.params().size() && f.results().size() == g.results().size()
                    && allSubtypes(g.params(), f.params()) && allSubtypes(f.results(), g.results());
        }
        if (sub instanceof StructType s && sup instanceof StructType t) {
            if (s.fields().size() < t.fields().size()) return false;
            for (int i = 0; i < t.fields().size(); i++) {
                if (!fieldMatches(s.fields().get(i), t.fields().get(i))) return false;
            }
            return true;
        }
        if (sub instanceof ArrayType a && sup instanceof ArrayType b) {
            return fieldMatches(a.element(), b.element());
        }
        return false;
    }

    private boolean allSubtypes(List<ValType> as, List<ValType> bs) {
        for (int i = 0; i < as.size(); i++) {
            if (!isSubtype(as.get(i), bs.get(i))) return false;
        }
        return true;
    }

    /** Field subtyping: immutable fields are covariant, mutable ones invariant. */
    boolean fieldMatches(FieldType sub, FieldType sup) {
        if (sub.mutable() != sup.mutable()) return false;
        if (!storageSubtype(sub.storage(), sup.storage())) return false;
        return !sub.mutable() || storageSubtype(sup.storage(), sub.storage());
    }

    /** Storage subtyping: packed types match only themselves. */
    public boolean storageSubtype(ValType a, ValType b) {
        if (a.isPacked() || b.isPacked()) return a.kind() == b.kind();
        return isSubtype(a, b);
    }
}
