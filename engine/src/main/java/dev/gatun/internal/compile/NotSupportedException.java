package dev.gatun.internal.compile;

import dev.gatun.WasmException;

/** The module uses something the compiler or runtime does not implement yet; the message says what. */
public final class NotSupportedException extends WasmException {
    private final String what;
    private final boolean located;

    public NotSupportedException(String what) {
        this(what, false);
    }

    private NotSupportedException(String what, boolean located) {
        super("not supported: " + what);
        this.what = what;
        this.located = located;
    }

    /** This exception with the function and byte offset appended (once; the innermost location wins). */
    NotSupportedException at(int functionIndex, int offset) {
        if (located) return this;
        return new NotSupportedException(what + " (in function " + functionIndex + ", at byte offset 0x"
                + Integer.toHexString(offset) + ")", true);
    }
}
