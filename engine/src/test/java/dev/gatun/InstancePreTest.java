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

    /** Data filling a quarter of the memory or more: instances start from a clone of the module's image. */
    @Test
    void instancesOfADataHeavyModuleStartFromTheImageWithoutSharingIt() {
        String quarterPage = "ab".repeat(8192);
        InstancePre dense = new Linker(engine).instantiatePre(Module.fromWat(engine, """
                (module (memory (export "memory") 1)
                  (data (i32.const 100) "%s")
                  (data (i32.add (i32.const 40000) (i32.const 2)) "tail")
                  (data (i32.const 100) "AB"))
                """.formatted(quarterPage)));
        try (Instance first = dense.instantiate(); Instance second = dense.instantiate()) {
            Memory memory = first.memory("memory");
            assertThat(memory.readString(100, 6)).isEqualTo("ABabab"); // later segments overwrite earlier ones
            assertThat(memory.readString(40002, 4)).isEqualTo("tail");
            assertThat(memory.getByte(99)).isZero();
            memory.putByte(100, (byte) 'X');
            assertThat(second.memory("memory").readString(100, 2)).isEqualTo("AB");
        }
    }

    @Test
    void aDataSegmentOutOfBoundsStillTrapsAtInstantiation() {
        InstancePre outOfBounds = new Linker(engine).instantiatePre(Module.fromWat(engine, """
                (module (memory 1) (data (i32.const 65534) "%s"))
                """.formatted("x".repeat(30000))));
        assertThatThrownBy(outOfBounds::instantiate).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(engine.liveInstances()).isZero();
    }
}
