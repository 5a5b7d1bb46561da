package dev.gatun;

/**
 * A WebAssembly trap: execution stopped for a reason the spec defines ({@link #kind()}). Traps are
 * ordinary control flow for Wasm code (spec tests provoke thousands of them), so no Java stack trace is
 * captured. The message starts with the spec's wording, followed by the location where known.
 *
 * <p>Traps raised by runtime helpers do not know their function; compiled code fills it in once, through
 * {@link #locate}, as the trap leaves the innermost Wasm function.
 */
public class WasmTrap extends WasmException {
    private final TrapKind kind;
    private final String description;
    private int functionIndex;
    private String functionName;
    private final long codeOffset;

    /**
     * @param functionIndex the Wasm function index, or -1 when unknown
     * @param functionName  its name from the name section or export, or null
     * @param codeOffset    byte offset of the trapping instruction in the module binary, or -1
     */
    public WasmTrap(TrapKind kind, int functionIndex, String functionName, long codeOffset) {
        this(kind, null, functionIndex, functionName, codeOffset);
    }

    /** @param detail appended to the spec wording after a space (e.g. the element index), or null */
    protected WasmTrap(TrapKind kind, String detail, int functionIndex, String functionName, long codeOffset) {
        super(kind.message() + (detail == null ? "" : " " + detail));
        this.description = super.getMessage();
        this.kind = kind;
        this.functionIndex = functionIndex;
        this.functionName = functionName;
        this.codeOffset = codeOffset;
    }

    public WasmTrap(TrapKind kind) {
        this(kind, -1, null, -1);
    }

    private static String where(int functionIndex, String functionName, long codeOffset) {
        if (functionIndex < 0 && codeOffset < 0) return "";
        StringBuilder sb = new StringBuilder(" (");
        if (functionIndex >= 0) {
            sb.append("in function ").append(functionIndex);
            if (functionName != null) sb.append(" \"").append(functionName).append('"');
        }
        if (codeOffset >= 0) sb.append(functionIndex >= 0 ? ", " : "").append("at byte offset 0x")
                .append(Long.toHexString(codeOffset));
        return sb.append(')').toString();
    }

    /** The spec wording (plus detail), then the location where known. */
    @Override
    public String getMessage() {
        return description + where(functionIndex, functionName, codeOffset);
    }

    /**
     * Records the function the trap happened in, unless already known (the innermost function wins).
     * Called by compiled code; returns this trap for rethrowing.
     */
    public WasmTrap locate(int functionIndex, String functionName) {
        if (this.functionIndex < 0) {
            this.functionIndex = functionIndex;
            this.functionName = functionName;
        }
        return this;
    }

    /** Traps are expected control flow: skip the costly stack walk. */
    @Override
    public final synchronized Throwable fillInStackTrace() {
        return this;
    }

    public TrapKind kind() {
        return kind;
    }

    /** Index of the function that trapped, or -1 when unknown. */
    public int functionIndex() {
        return functionIndex;
    }

    /** Name of the function that trapped, or null. */
    public String functionName() {
        return functionName;
    }

    /** Byte offset of the trapping instruction, or -1 when unknown. */
    public long codeOffset() {
        return codeOffset;
    }
}
