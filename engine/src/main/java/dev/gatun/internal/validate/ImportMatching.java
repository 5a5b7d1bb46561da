package dev.gatun.internal.validate;

import dev.gatun.internal.model.Externals.ExternType;
import dev.gatun.internal.model.Externals.FuncRef;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Externals.TagType;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ValType;

/**
 * The spec's import matching ("extern type subtyping"): may an item of type {@code provided}, exported by
 * one module, satisfy an import declared as {@code required} by another? Types are compared through their
 * canonical forms, so the two modules need not share type indices. Linking reports a mismatch as
 * "incompatible import type".
 */
public final class ImportMatching {
    private ImportMatching() {}

    /**
     * @param provided the exported item's type, in the exporting module's type indices (for tables and
     *        memories, limits with the current size as minimum)
     * @param providerTypes the exporting module's types
     * @param required the import's declared type, in the importing module's type indices
     * @param requirerTypes the importing module's types
     */
    public static boolean matches(ExternType provided, TypeContext providerTypes, ExternType required,
                                  TypeContext requirerTypes) {
        return switch (required) {
            case FuncRef r -> provided instanceof FuncRef p
                    && CanonicalTypes.isDeclaredSubtype(providerTypes.canonicalId(p.typeIndex()),
                            requirerTypes.canonicalId(r.typeIndex()));
            case TableType r -> provided instanceof TableType p
                    && p.limits().is64() == r.limits().is64()
                    && limitsMatch(p.limits(), r.limits())
                    && equivalent(providerTypes.canonical(p.element()), requirerTypes.canonical(r.element()));
            case MemoryType r -> provided instanceof MemoryType p
                    && p.limits().is64() == r.limits().is64()
                    && p.limits().shared() == r.limits().shared()
                    && limitsMatch(p.limits(), r.limits());
            case GlobalType r -> provided instanceof GlobalType p
                    && p.mutable() == r.mutable()
                    && globalTypeMatches(providerTypes.canonical(p.type()), requirerTypes.canonical(r.type()), r.mutable());
            case TagType r -> provided instanceof TagType p
                    && providerTypes.canonicalId(p.typeIndex()) == requirerTypes.canonicalId(r.typeIndex());
        };
    }

    /** Limits subsumption: at least the required minimum, and within the required maximum if there is one. */
    public static boolean limitsMatch(Limits provided, Limits required) {
        if (Long.compareUnsigned(provided.min(), required.min()) < 0) return false;
        if (!required.hasMax()) return true;
        return provided.hasMax() && Long.compareUnsigned(provided.max(), required.max()) <= 0;
    }

    private static boolean globalTypeMatches(ValType provided, ValType required, boolean mutable) {
        // a mutable global is read and written through the import: its type must be exactly the same
        return mutable ? equivalent(provided, required) : CanonicalTypes.isSubtype(provided, required);
    }

    private static boolean equivalent(ValType a, ValType b) {
        return CanonicalTypes.isSubtype(a, b) && CanonicalTypes.isSubtype(b, a);
    }
}
