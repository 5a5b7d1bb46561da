package dev.gatun.spring.autoconfigure.module;

import dev.gatun.Linker;

/** Adds definitions (host functions, memories, ...) to the linker of one module before it is linked. */
@FunctionalInterface
public interface GatunLinkerCustomizer {
    void customize(String moduleName, Linker linker);
}
