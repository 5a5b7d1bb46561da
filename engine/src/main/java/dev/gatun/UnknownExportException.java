package dev.gatun;

/** An instance has no export of the requested name and kind. */
public class UnknownExportException extends WasmException {
    public UnknownExportException(String message) {
        super(message);
    }
}
