package dev.gatun;

/** i31.get_s or i31.get_u was given a null reference. */
public class NullI31ReferenceTrap extends WasmTrap {
    public NullI31ReferenceTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.NULL_I31_REFERENCE, functionIndex, functionName, codeOffset);
    }

    public NullI31ReferenceTrap() {
        super(TrapKind.NULL_I31_REFERENCE);
    }
}
