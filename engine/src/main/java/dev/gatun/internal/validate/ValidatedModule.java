package dev.gatun.internal.validate;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.Types.FuncType;

/**
 * A module that passed validation, with what validation resolved for later stages: the canonical identity
 * of each type (equal ids = iso-recursively equivalent types, also across modules) and each function's type.
 */
public final class ValidatedModule {
    private final ModuleModel module;
    private final TypeContext types;
    private final int[] functionTypeIndices;
    private final boolean[] referencedFunctions;

    ValidatedModule(ModuleModel module, TypeContext types, int[] functionTypeIndices, boolean[] referencedFunctions) {
        this.module = module;
        this.types = types;
        this.functionTypeIndices = functionTypeIndices;
        this.referencedFunctions = referencedFunctions;
    }

    public ModuleModel module() {
        return module;
    }

    /** Subtyping and lookups over this module's types. */
    public TypeContext types() {
        return types;
    }

    /** Process-wide canonical id of a type index. */
    public int canonicalTypeId(int typeIndex) {
        return types.canonicalId(typeIndex);
    }

    public int functionCount() {
        return functionTypeIndices.length;
    }

    /** The type index of a function (imported or defined). */
    public int functionTypeIndex(int functionIndex) {
        return functionTypeIndices[functionIndex];
    }

    public FuncType functionType(int functionIndex) {
        return types.funcTypeOrNull(functionTypeIndices[functionIndex]);
    }

    /**
     * True if the function is named outside function bodies (exports, element segments, initializers): the
     * spec's C.refs, the only functions a {@code ref.func} in a body may name.
     */
    public boolean isReferenced(int functionIndex) {
        return referencedFunctions[functionIndex];
    }
}
