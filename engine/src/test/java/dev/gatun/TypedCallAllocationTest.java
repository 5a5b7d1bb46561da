package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/** The typed call path of an {@code (i32, i32) -> i32} export allocates nothing per call. */
class TypedCallAllocationTest {
    private static final int CALLS = 200_000;

    @Test
    void typedCallsDoNotAllocate() throws Throwable {
        Method allocated = allocatedBytesMethod();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Engine engine = Engine.create();
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, """
                (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
                """));
        IntBinaryOperator add = instance.function("add").asIntBinaryOperator();
        int sum = 0;
        for (int round = 0; round < 5; round++) sum += loop(add); // warm up until compiled
        long before = (long) allocated.invoke(threads);
        sum += loop(add);
        long after = (long) allocated.invoke(threads);
        assertThat(sum).isNotZero();
        // a boxed Integer per call would be 16 bytes x 200,000; allow a little for the measurement itself
        assertThat(after - before).isLessThan(CALLS);
    }

    private static int loop(IntBinaryOperator add) {
        int sum = 0;
        for (int i = 0; i < CALLS; i++) sum = add.applyAsInt(sum, i | 1000);
        return sum;
    }

    /** com.sun.management's per-thread allocation counter, when the JVM has it. */
    private static Method allocatedBytesMethod() {
        try {
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            assumeTrue(type.isInstance(ManagementFactory.getThreadMXBean()), "no allocation counter");
            return type.getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            assumeTrue(false, "no allocation counter: " + e);
            return null;
        }
    }
}
