package dev.gatun;

/** An atomic memory access at an address that is not a multiple of its size. */
public class UnalignedAtomicTrap extends WasmTrap {
    public UnalignedAtomicTrap() {
        super(TrapKind.UNALIGNED_ATOMIC);
    }
}
