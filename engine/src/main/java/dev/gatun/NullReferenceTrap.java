package dev.gatun;

/** A null reference was dereferenced. */
public class NullReferenceTrap extends WasmTrap {
    public NullReferenceTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.NULL_REFERENCE, functionIndex, functionName, codeOffset);
    }

    public NullReferenceTrap() {
        super(TrapKind.NULL_REFERENCE);
    }
}
