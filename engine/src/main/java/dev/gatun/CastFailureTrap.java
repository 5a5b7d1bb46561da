package dev.gatun;

/** ref.cast found a value of another type. */
public class CastFailureTrap extends WasmTrap {
    public CastFailureTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.CAST_FAILURE, functionIndex, functionName, codeOffset);
    }

    public CastFailureTrap() {
        super(TrapKind.CAST_FAILURE);
    }
}
