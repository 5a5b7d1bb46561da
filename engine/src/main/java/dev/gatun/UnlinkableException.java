package dev.gatun;

/** An import could not be satisfied: nothing defined under its name, or a definition of another type. */
public class UnlinkableException extends WasmException {
    public UnlinkableException(String message) {
        super(message);
    }
}
