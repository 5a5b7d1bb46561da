package dev.gatun.internal.runtime;

import dev.gatun.WasmException;

/** Instantiation could not resolve an import ("unknown import", "incompatible import type"). */
public final class LinkException extends WasmException {
    public LinkException(String message) {
        super(message);
    }
}
