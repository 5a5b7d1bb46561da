package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pooled instance's private globals (kept in JVM cells, not the vmctx) are reset with the rest of its state. */
class PooledPrivateGlobalResetTest {
    private static final String COUNTERS = """
            (module
              (global $count (mut i32) (i32.const 100))
              (global $total (mut i64) (i64.const 0))
              (global $scale (mut f64) (f64.const 0.5))
              (func (export "next") (result i32)
                (global.set $count (i32.add (global.get $count) (i32.const 1)))
                (global.set $total (i64.add (global.get $total) (i64.extend_i32_u (global.get $count))))
                (global.set $scale (f64.mul (global.get $scale) (f64.const 2)))
                (global.get $count))
              (func (export "total") (result i64) (global.get $total))
              (func (export "scale") (result f64) (global.get $scale)))
            """;

    @Test
    void aReturnedInstanceStartsAgainFromItsPrivateGlobalsInitialValues() {
        Engine engine = Engine.create();
        InstancePre pre = new Linker(engine).instantiatePre(Module.fromWat(engine, COUNTERS));
        try (InstancePool pool = pre.pool(new PoolConfig(1, 1, Duration.ofMillis(100)))) {
            Instance first;
            try (PooledInstance lease = pool.borrow()) {
                first = lease.instance();
                lease.function("next").asIntSupplier().getAsInt();
                assertThat(lease.function("next").asIntSupplier().getAsInt()).isEqualTo(102);
            }
            try (PooledInstance lease = pool.borrow()) {
                assertThat(lease.instance()).isSameAs(first);
                assertThat(lease.function("next").asIntSupplier().getAsInt()).isEqualTo(101);
                assertThat(lease.function("total").call()[0].asLong()).isEqualTo(101L);
                assertThat(lease.function("scale").call()[0].asDouble()).isEqualTo(1.0);
            }
        }
    }
}
