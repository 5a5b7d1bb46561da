package dev.gatun;

/** call_ref or return_call_ref was given a null function reference. */
public class NullFunctionReferenceTrap extends WasmTrap {
    public NullFunctionReferenceTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.NULL_FUNCTION_REFERENCE, functionIndex, functionName, codeOffset);
    }

    public NullFunctionReferenceTrap() {
        super(TrapKind.NULL_FUNCTION_REFERENCE);
    }
}
