package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Instances of one InstancePre share its per-module work but none of each other's state. */
class InstancePreTest {
    private final Engine engine = Engine.create();
    private final InstancePre pre = new Linker(engine).instantiatePre(Module.fromWat(engine, """
            (module
              (memory (export "memory") 1)
              (data $passive "xyz")
              (func (export "init") (memory.init $passive (i32.const 10) (i32.const 0) (i32.const 3)))
              (func (export "drop") (data.drop $passive)))
            """));

    @Test
    void aDroppedPassiveSegmentIsDroppedInThatInstanceOnly() {
        try (Instance dropper = pre.instantiate(); Instance other = pre.instantiate()) {
            dropper.function("drop").asRunnable().run();
            assertThatThrownBy(() -> dropper.function("init").asRunnable().run()).isInstanceOf(MemoryOutOfBoundsTrap.class);
            other.function("init").asRunnable().run();
            assertThat(other.memory("memory").readString(10, 3)).isEqualTo("xyz");
            try (Instance later = pre.instantiate()) {
                later.function("init").asRunnable().run();
                assertThat(later.memory("memory").readString(10, 3)).isEqualTo("xyz");
            }
        }
    }

    @Test
    void instancesGetDistinctVmContextBlocksCountedUntilClosed() {
        Instance first = pre.instantiate();
        Instance second = pre.instantiate();
        assertThat(first.context().vmctx.address()).isNotEqualTo(second.context().vmctx.address());
        assertThat(engine.liveArenas()).isEqualTo(2);
        first.close();
        assertThat(engine.liveArenas()).isEqualTo(1);
        second.close();
        assertThat(engine.liveArenas()).isZero();
        assertThat(engine.liveArenaBytes()).isZero();
    }
}
