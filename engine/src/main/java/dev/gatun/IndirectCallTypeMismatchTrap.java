package dev.gatun;

/** call_indirect found a function whose type differs from the expected one. */
public class IndirectCallTypeMismatchTrap extends WasmTrap {
    public IndirectCallTypeMismatchTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.INDIRECT_CALL_TYPE_MISMATCH, functionIndex, functionName, codeOffset);
    }

    public IndirectCallTypeMismatchTrap() {
        super(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
    }
}
