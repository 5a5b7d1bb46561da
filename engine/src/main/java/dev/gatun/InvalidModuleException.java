package dev.gatun;

/**
 * The module decoded but fails validation (type errors, unknown indices, ...). The message names the
 * function index and code offset where applicable.
 */
public class InvalidModuleException extends WasmException {
    private final int functionIndex;
    private final long offset;

    public InvalidModuleException(String message, int functionIndex, long offset) {
        super(message + where(functionIndex, offset));
        this.functionIndex = functionIndex;
        this.offset = offset;
    }

    public InvalidModuleException(String message) {
        this(message, -1, -1);
    }

    private static String where(int functionIndex, long offset) {
        if (functionIndex < 0 && offset < 0) return "";
        StringBuilder sb = new StringBuilder(" (");
        if (functionIndex >= 0) sb.append("in function ").append(functionIndex);
        if (offset >= 0) sb.append(functionIndex >= 0 ? ", " : "").append("at byte offset 0x").append(Long.toHexString(offset));
        return sb.append(')').toString();
    }

    /** Index of the function whose body is invalid, or -1. */
    public int functionIndex() {
        return functionIndex;
    }

    /** Byte offset of the offending instruction or item, or -1. */
    public long offset() {
        return offset;
    }
}
