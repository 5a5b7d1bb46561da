package dev.gatun.spring.autoconfigure.exception;

import dev.gatun.TrapKind;
import dev.gatun.WasmTrap;

/** The guest trapped (unreachable, out-of-bounds access, division by zero, ...). */
public class WasmTrapException extends WasmExecutionException {
    private final TrapKind trapKind;

    public WasmTrapException(String module, String function, WasmTrap trap) {
        super(module, function, "trap: " + trap.getMessage(), trap);
        this.trapKind = trap.kind();
    }

    public TrapKind trapKind() {
        return trapKind;
    }

    @Override
    public String kind() {
        return trapKind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
