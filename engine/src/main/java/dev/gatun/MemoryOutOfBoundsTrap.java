package dev.gatun;

/** A memory access (or a data segment) reached past the end of linear memory. */
public class MemoryOutOfBoundsTrap extends WasmTrap {
    public MemoryOutOfBoundsTrap(int functionIndex, String functionName, long codeOffset) {
        super(TrapKind.MEMORY_OUT_OF_BOUNDS, functionIndex, functionName, codeOffset);
    }

    public MemoryOutOfBoundsTrap() {
        super(TrapKind.MEMORY_OUT_OF_BOUNDS);
    }
}
