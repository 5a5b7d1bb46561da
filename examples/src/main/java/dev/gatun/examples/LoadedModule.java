package dev.gatun.examples;

import dev.gatun.InstancePool;
import dev.gatun.Module;
import dev.gatun.wasi.WasiProgram;

/** A module the service can call, with where it came from ("classpath:modules/x.wat" or a file path). */
public sealed interface LoadedModule {
    String name();

    String source();

    /** A library module: its exported functions are called on pooled, reset instances. */
    record Library(String name, String source, Module module, InstancePool pool) implements LoadedModule {}

    /** A WASI command: each call runs its {@code _start} in a fresh instance with captured stdio. */
    record Command(String name, String source, WasiProgram program) implements LoadedModule {}
}
