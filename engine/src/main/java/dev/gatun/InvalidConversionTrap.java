package dev.gatun;

/** A float-to-integer truncation of NaN. */
public class InvalidConversionTrap extends WasmTrap {
    public InvalidConversionTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.INVALID_CONVERSION, functionIndex, functionName, codeOffset);
    }

    public InvalidConversionTrap() {
        super(TrapKind.INVALID_CONVERSION);
    }
}
