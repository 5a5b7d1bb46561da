package dev.gatun;

/** A struct instruction was given a null reference. */
public class NullStructureReferenceTrap extends WasmTrap {
    public NullStructureReferenceTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.NULL_STRUCTURE_REFERENCE, functionIndex, functionName, codeOffset);
    }

    public NullStructureReferenceTrap() {
        super(TrapKind.NULL_STRUCTURE_REFERENCE);
    }
}
