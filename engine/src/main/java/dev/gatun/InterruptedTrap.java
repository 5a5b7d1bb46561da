package dev.gatun;

/** The embedder interrupted execution (interrupt flag or deadline). */
public class InterruptedTrap extends WasmTrap {
    public InterruptedTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.INTERRUPTED, functionIndex, functionName, codeOffset);
    }

    public InterruptedTrap() {
        super(TrapKind.INTERRUPTED);
    }
}
