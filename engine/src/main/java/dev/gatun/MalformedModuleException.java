package dev.gatun;

/**
 * The module's bytes (or text) do not follow the format: it could not be decoded or parsed. The message
 * says what and where (byte offset, section, function, or line:column for text).
 */
public class MalformedModuleException extends WasmException {
    private final long offset;

    /** @param offset byte offset in the binary, or -1 when not applicable (text) */
    public MalformedModuleException(String message, long offset) {
        super(offset >= 0 ? message + " (at byte offset 0x" + Long.toHexString(offset) + ")" : message);
        this.offset = offset;
    }

    public MalformedModuleException(String message) {
        this(message, -1);
    }

    /** Byte offset in the module binary where decoding failed, or -1. */
    public long offset() {
        return offset;
    }
}
