package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Chains of 10^7 mutually recursive tail calls of every kind run in constant stack and allocate nothing
 * per call. The chains return f64 and i64 values outside the JDK's box caches, so a result boxed per call
 * would show as hundreds of megabytes.
 */
class TailCallAllocationTest {
    private static final long CHAIN = 10_000_000L;
    /** One allocation per call would be 16+ bytes a call, 160+ MB for the chain (boxed results took 240 MB). */
    private static final long ALLOWED_BYTES = 1_000_000L;
    private static final ObjectName THREADING = threadingBean();

    private static final String MODULE = """
            (module
              (type $step (func (param i64 f64) (result f64)))
              (type $count (func (param i64 i64) (result i64)))
              (table $steps funcref (elem $ping $pong))
              (elem declare func $left $right)
              (func $ping (type $step)
                (if (result f64) (i64.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call $pong (i64.sub (local.get 0) (i64.const 1))
                                           (f64.add (local.get 1) (f64.const 0.5))))))
              (func $pong (type $step)
                (if (result f64) (i64.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call $ping (i64.sub (local.get 0) (i64.const 1))
                                           (f64.add (local.get 1) (f64.const 1.5))))))
              (func $indirectA (type $step)
                (if (result f64) (i64.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call_indirect $steps (type $step) (i64.sub (local.get 0) (i64.const 1))
                           (f64.add (local.get 1) (f64.const 0.5)) (i32.wrap_i64 (i64.and (local.get 0) (i64.const 1)))))))
              (func $left (type $count)
                (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call_ref $count (i64.sub (local.get 0) (i64.const 1))
                           (i64.add (local.get 1) (i64.const 1000)) (ref.func $right)))))
              (func $right (type $count)
                (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call_ref $count (i64.sub (local.get 0) (i64.const 1))
                           (i64.add (local.get 1) (i64.const 3000)) (ref.func $left)))))
              (func (export "direct") (param i64) (result f64) (call $ping (local.get 0) (f64.const 0)))
              (func (export "indirect") (param i64) (result f64) (call $indirectA (local.get 0) (f64.const 0)))
              (func (export "viaRef") (param i64) (result i64) (call $left (local.get 0) (i64.const 0))))""";

    @Test
    void returnCallChainDoesNotAllocatePerCall() {
        Instance instance = Wat.instance(MODULE);
        instance.invoke("direct", CHAIN); // warm-up: compiled code, spun invokers
        Object[][] result = new Object[1][];
        long bytes = allocatedDuring(() -> result[0] = instance.invoke("direct", CHAIN));
        assertThat(result[0]).containsExactly((double) CHAIN);
        assertThat(bytes).isLessThan(ALLOWED_BYTES);
        assertThat(instance.context().entryDepth).isEqualTo(instance.context().maxCallDepth);
        assertThat(instance.context().javaCalls).isZero();
    }

    @Test
    void returnCallIndirectChainDoesNotAllocatePerCall() {
        Instance instance = Wat.instance(MODULE);
        instance.invoke("indirect", CHAIN); // warm-up: compiled code, spun invokers
        // CHAIN steps: $indirectA picks $ping (index 0) and adds 0.5, then $ping/$pong alternate (0.5 and 1.5)
        Object[][] result = new Object[1][];
        long bytes = allocatedDuring(() -> result[0] = instance.invoke("indirect", CHAIN));
        assertThat(result[0]).containsExactly(CHAIN - 1.0);
        assertThat(bytes).isLessThan(ALLOWED_BYTES);
    }

    @Test
    void returnCallRefChainDoesNotAllocatePerCall() {
        Instance instance = Wat.instance(MODULE);
        instance.invoke("viaRef", CHAIN); // warm-up: compiled code, spun invokers
        Object[][] result = new Object[1][];
        long bytes = allocatedDuring(() -> result[0] = instance.invoke("viaRef", CHAIN));
        assertThat(result[0]).containsExactly(2_000L * CHAIN);
        assertThat(bytes).isLessThan(ALLOWED_BYTES);
    }

    private static long allocatedDuring(Runnable work) {
        // measures only the work: the first JMX calls and AssertJ's first use allocate megabytes once
        allocatedByThisThread();
        allocatedByThisThread();
        long before = allocatedByThisThread();
        work.run();
        long bytes = allocatedByThisThread() - before;
        return bytes;
    }

    /** com.sun.management.ThreadMXBean#getThreadAllocatedBytes, through JMX (the module reads java.management only). */
    private static long allocatedByThisThread() {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer().invoke(
                    THREADING, "getThreadAllocatedBytes",
                    new Object[] {Thread.currentThread().threadId()}, new String[] {long.class.getName()});
        } catch (JMException e) {
            throw new AssertionError("no allocation counter", e);
        }
    }

    private static ObjectName threadingBean() {
        try {
            return new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME);
        } catch (JMException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
