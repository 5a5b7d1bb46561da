package dev.gatun.examples;

/** The bundled WASI command {@code greet} (compiled from src/main/c/greet.c). */
public interface Greeter {
    GuardedInvoker.CommandResult greet(String name);
}
