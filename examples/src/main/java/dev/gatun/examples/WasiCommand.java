package dev.gatun.examples;

import dev.gatun.wasi.WasiProgram;

/** A WASI command module (e.g. compiled from C) and where it came from, e.g. "classpath:commands/greet.wasm". */
public record WasiCommand(String name, String source, WasiProgram program) {}
