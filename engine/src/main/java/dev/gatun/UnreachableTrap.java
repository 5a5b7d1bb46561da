package dev.gatun;

/** The {@code unreachable} instruction was executed. */
public class UnreachableTrap extends WasmTrap {
    public UnreachableTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.UNREACHABLE, functionIndex, functionName, codeOffset);
    }

    public UnreachableTrap() {
        super(TrapKind.UNREACHABLE);
    }
}
