package dev.gatun;

/** The instance used up the fuel it was given ({@link EngineConfig.Builder#consumeFuel}). */
public class OutOfFuelTrap extends WasmTrap {
    public OutOfFuelTrap() {
        super(TrapKind.OUT_OF_FUEL);
    }
}
