package dev.gatun.examples;

import org.springframework.stereotype.Component;

/** {@link Runaway} calling {@code runaway.spin}; every call ends with a {@link FunctionTimeoutException}. */
@Component
public class WasmRunaway implements Runaway {
    private final GuardedInvoker invoker;

    public WasmRunaway(GuardedInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public void spin() {
        invoker.call("runaway", "spin", instance -> {
            instance.function("spin").asRunnable().run();
            return null;
        });
    }
}
