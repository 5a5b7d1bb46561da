package dev.gatun.internal.binary;

import dev.gatun.internal.model.ModuleModel;

/** Decodes a module binary into the model, checking well-formedness (including every function body). */
public final class ModuleDecoder {
    private ModuleDecoder() {}

    public static ModuleModel decode(byte[] bytes) {
        throw new IllegalStateException("not supported: binary decoding (issue 2, in progress)");
    }
}
