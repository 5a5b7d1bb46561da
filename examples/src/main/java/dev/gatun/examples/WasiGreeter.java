package dev.gatun.examples;

import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** {@link Greeter} running the {@code greet} WASI command with the name on its stdin. */
@Component
public class WasiGreeter implements Greeter {
    private final GuardedInvoker invoker;

    public WasiGreeter(GuardedInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public GuardedInvoker.CommandResult greet(String name) {
        return invoker.run("greet", name.getBytes(StandardCharsets.UTF_8));
    }
}
