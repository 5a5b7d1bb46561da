package dev.gatun;

/** memory.atomic.wait32/wait64 on a memory that is not shared (only shared memories can be waited on). */
public class ExpectedSharedMemoryTrap extends WasmTrap {
    public ExpectedSharedMemoryTrap() {
        super(TrapKind.EXPECTED_SHARED_MEMORY);
    }
}
