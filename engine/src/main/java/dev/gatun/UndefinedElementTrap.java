package dev.gatun;

/** call_indirect with an element index past the table's end. */
public class UndefinedElementTrap extends WasmTrap {
    public UndefinedElementTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.UNDEFINED_ELEMENT, functionIndex, functionName, codeOffset);
    }

    public UndefinedElementTrap() {
        super(TrapKind.UNDEFINED_ELEMENT);
    }
}
