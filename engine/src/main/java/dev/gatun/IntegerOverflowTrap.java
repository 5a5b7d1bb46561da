package dev.gatun;

/** Signed division overflow, or a float-to-integer truncation out of the target's range. */
public class IntegerOverflowTrap extends WasmTrap {
    public IntegerOverflowTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.INTEGER_OVERFLOW, functionIndex, functionName, codeOffset);
    }

    public IntegerOverflowTrap() {
        super(TrapKind.INTEGER_OVERFLOW);
    }
}
