package dev.gatun;

/** The embedder interrupted execution (interrupt flag or deadline). */
public class InterruptedTrap extends WasmTrap {
    public InterruptedTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.INTERRUPTED, functionIndex, functionName, codeOffset);
    }

    public InterruptedTrap() {
        super(TrapKind.INTERRUPTED);
    }

    /** @param cause why, appended to the message, e.g. "(deadline exceeded)" */
    public InterruptedTrap(String cause) {
        super(TrapKind.INTERRUPTED, cause, -1, null, -1);
    }
}
