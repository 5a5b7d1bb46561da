package dev.gatun.examples;

import dev.gatun.WasmTrap;

/** A WASI command trapped: a bug in the guest (HTTP 500). */
public class CommandTrapException extends RuntimeException {
    public CommandTrapException(String command, WasmTrap trap) {
        super("WASI command " + command + " trapped: " + trap.getMessage(), trap);
    }
}
