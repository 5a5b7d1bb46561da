package dev.gatun;

/** An array instruction was given a null reference. */
public class NullArrayReferenceTrap extends WasmTrap {
    public NullArrayReferenceTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.NULL_ARRAY_REFERENCE, functionIndex, functionName, codeOffset);
    }

    public NullArrayReferenceTrap() {
        super(TrapKind.NULL_ARRAY_REFERENCE);
    }
}
