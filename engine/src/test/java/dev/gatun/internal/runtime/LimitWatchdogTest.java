package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.Engine;
import dev.gatun.InterruptedTrap;
import dev.gatun.Linker;
import dev.gatun.Module;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitWatchdogTest {
    private static final String SPIN = """
            (module
              (func (export "spin") (loop (br 0)))
              (func (export "one") (result i32) (i32.const 1)))
            """;

    private static Thread watchdogThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gatun-limit-watchdog")).findFirst().orElseThrow();
    }

    @Test
    void aDeadlineStopsTheGuestThroughTheWatchdogWhichThenParks() throws Exception {
        Engine engine = Engine.create();
        dev.gatun.Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, SPIN));
        instance.setTimeout(Duration.ofMillis(20));
        assertThatThrownBy(() -> instance.function("spin").asRunnable().run())
                .isInstanceOf(InterruptedTrap.class).hasMessageContaining("deadline exceeded");
        // nothing runs now: the watchdog parks without a timeout (WAITING, not TIMED_WAITING)
        Thread watchdog = watchdogThread();
        for (int i = 0; i < 500 && watchdog.getState() != Thread.State.WAITING; i++) Thread.sleep(10);
        assertThat(watchdog.getState()).isEqualTo(Thread.State.WAITING);
        // and a new call wakes it
        assertThatThrownBy(() -> instance.function("spin").asRunnable().run())
                .isInstanceOf(InterruptedTrap.class).hasMessageContaining("deadline exceeded");
        instance.close();
    }

    @Test
    void closedInstancesAreForgotten() {
        Engine engine = Engine.create();
        dev.gatun.Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, SPIN));
        InstanceContext ctx = InstanceContexts.of(instance);
        assertThat(LimitWatchdog.isRegistered(ctx)).isFalse();
        assertThat(instance.function("one").asIntSupplier().getAsInt()).isEqualTo(1);
        assertThat(LimitWatchdog.isRegistered(ctx)).isTrue();
        instance.close();
        assertThat(LimitWatchdog.isRegistered(ctx)).isFalse();
    }

    @Test
    void aStaleTripIsIgnoredWhenTheDeadlineHasNotPassed() {
        Engine engine = Engine.create();
        dev.gatun.Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, SPIN));
        instance.setTimeout(Duration.ofSeconds(30));
        InstanceContext ctx = InstanceContexts.of(instance);
        ctx.tripByWatchdog(); // as if the watchdog raced the end of an earlier call
        ctx.pollLimits();     // no trap: the deadline is far away and the thread not interrupted
        assertThat(ctx.interruptRequested()).isFalse();
        Thread.currentThread().interrupt();
        ctx.tripByWatchdog();
        try {
            assertThatThrownBy(ctx::pollLimits).isInstanceOf(InterruptedTrap.class)
                    .hasMessageContaining("thread interrupted");
        } finally {
            Thread.interrupted();
            instance.close();
        }
    }
}
