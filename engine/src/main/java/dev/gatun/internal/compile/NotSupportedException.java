package dev.gatun.internal.compile;

import dev.gatun.WasmException;

/** The module uses something the compiler or runtime does not implement yet; the message says what. */
public final class NotSupportedException extends WasmException {
    public NotSupportedException(String what) {
        super("not supported: " + what);
    }
}
