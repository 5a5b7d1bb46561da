package dev.gatun;

/** Integer division or remainder by zero. */
public class IntegerDivideByZeroTrap extends WasmTrap {
    public IntegerDivideByZeroTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.INTEGER_DIVIDE_BY_ZERO, functionIndex, functionName, codeOffset);
    }

    public IntegerDivideByZeroTrap() {
        super(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    }
}
