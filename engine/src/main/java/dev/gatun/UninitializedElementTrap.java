package dev.gatun;

/** call_indirect found a null table element. */
public class UninitializedElementTrap extends WasmTrap {
    public UninitializedElementTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.UNINITIALIZED_ELEMENT, functionIndex, functionName, codeOffset);
    }

    public UninitializedElementTrap() {
        super(TrapKind.UNINITIALIZED_ELEMENT);
    }

    /** Names the table index, as the spec interpreter's message does ("uninitialized element 2"). */
    public UninitializedElementTrap(long elementIndex) {
        super(TrapKind.UNINITIALIZED_ELEMENT, Long.toString(elementIndex), -1, null, -1);
    }
}
