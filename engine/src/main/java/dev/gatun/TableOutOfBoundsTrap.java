package dev.gatun;

/** A table access (or an element segment) reached past the end of a table. */
public class TableOutOfBoundsTrap extends WasmTrap {
    public TableOutOfBoundsTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.TABLE_OUT_OF_BOUNDS, functionIndex, functionName, codeOffset);
    }

    public TableOutOfBoundsTrap() {
        super(TrapKind.TABLE_OUT_OF_BOUNDS);
    }
}
