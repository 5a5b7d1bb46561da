package dev.gatun;

/** An array access reached past the array's end. */
public class ArrayOutOfBoundsTrap extends WasmTrap {
    public ArrayOutOfBoundsTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.ARRAY_OUT_OF_BOUNDS, functionIndex, functionName, codeOffset);
    }

    public ArrayOutOfBoundsTrap() {
        super(TrapKind.ARRAY_OUT_OF_BOUNDS);
    }
}
