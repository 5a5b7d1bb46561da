package dev.gatun.internal.validate;

import dev.gatun.internal.model.ModuleModel;

/** The spec's validation algorithm over a decoded or parsed module. */
public final class Validator {
    private Validator() {}

    /** Throws {@link dev.gatun.InvalidModuleException} when the module is not valid. */
    public static void validate(ModuleModel module) {
        throw new IllegalStateException("not supported: validation (issue 2, in progress)");
    }
}
