package dev.gatun.examples;

import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** The bundled WASI command {@code greet} (compiled from src/main/c/greet.c), with the name on its stdin. */
@Component
public class Greeter {
    private final CommandRunner runner;

    public Greeter(CommandRunner runner) {
        this.runner = runner;
    }

    public CommandRunner.CommandResult greet(String name) {
        return runner.run("greet", name.getBytes(StandardCharsets.UTF_8));
    }
}
