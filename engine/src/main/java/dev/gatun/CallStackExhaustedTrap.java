package dev.gatun;

/** Calls nested deeper than the configured limit (or the JVM's stack ran out). */
public class CallStackExhaustedTrap extends WasmTrap {
    public CallStackExhaustedTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.CALL_STACK_EXHAUSTED, functionIndex, functionName, codeOffset);
    }

    public CallStackExhaustedTrap() {
        super(TrapKind.CALL_STACK_EXHAUSTED);
    }
}
