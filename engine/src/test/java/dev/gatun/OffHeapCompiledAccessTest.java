package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compiled loads and stores on an unshared off-heap memory 0, whose accessible slice and size compiled code
 * keeps in locals: the bounds stay exact, and every way the size can change while a function runs (its own
 * grow, a callee's grow, a callee that grows and then throws) is seen by the next access.
 */
class OffHeapCompiledAccessTest {
    private static final int PAGE = 65536;
    private static final String MODULE = """
            (module
              (memory (export "memory") 1 4)
              (tag $grown)
              (func $grow (memory.grow (i32.const 1)) drop)
              (func $growThenThrow (call $grow) (throw $grown))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "load64AtOffset") (param i32) (result i32) (i32.wrap_i64 (i64.load offset=8 (local.get 0))))
              (func (export "storeThenLoad") (param i32 i32) (result i32)
                (i32.store (local.get 0) (local.get 1))
                (i32.load (local.get 0)))
              (func (export "growHereThenStore") (param i32) (result i32)
                (drop (i32.load (i32.const 0)))
                (drop (memory.grow (i32.const 1)))
                (i32.store (local.get 0) (i32.const 41))
                (i32.load (local.get 0)))
              (func (export "calleeGrowsInLoop") (param $times i32) (result i32) (local $sum i32)
                (loop $again
                  (local.set $sum (i32.add (local.get $sum) (i32.load (i32.const 0))))
                  (call $grow)
                  (br_if $again (local.tee $times (i32.sub (local.get $times) (i32.const 1)))))
                (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (i32.const 7))
                (i32.add (local.get $sum)
                  (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))))
              (func (export "catchAfterCalleeGrew") (result i32)
                (drop (i32.load (i32.const 0)))
                (block $caught
                  (try_table (catch $grown $caught) (call $growThenThrow)))
                (i32.store (i32.const 65536) (i32.const 5))
                (i32.load (i32.const 65536))))
            """;

    private final Engine engine = Engine.create(EngineConfig.builder().offHeapMemories(true).build());
    private final Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, MODULE));

    @AfterEach
    void close() {
        instance.close();
    }

    @Test
    void boundsAreExactAtTheEndOfTheMemory() {
        var load = instance.function("load").asIntUnaryOperator();
        var load64 = instance.function("load64AtOffset").asIntUnaryOperator();
        var store = instance.function("storeThenLoad").asIntBinaryOperator();
        assertThat(store.applyAsInt(PAGE - 4, 123)).isEqualTo(123);
        assertThat(load.applyAsInt(PAGE - 4)).isEqualTo(123);
        assertThatThrownBy(() -> load.applyAsInt(PAGE - 3)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> load.applyAsInt(-1)).as("addresses are unsigned").isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(load64.applyAsInt(PAGE - 16)).isZero();
        assertThatThrownBy(() -> load64.applyAsInt(PAGE - 15)).as("the offset counts")
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> store.applyAsInt(PAGE, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void anAccessAfterTheFunctionsOwnGrowReachesTheNewPage() {
        assertThat(instance.function("growHereThenStore").asIntUnaryOperator().applyAsInt(2 * PAGE - 4)).isEqualTo(41);
    }

    @Test
    void anAccessAfterACalleeGrewReachesTheNewPages() {
        assertThat(instance.function("calleeGrowsInLoop").asIntUnaryOperator().applyAsInt(3)).isEqualTo(7);
        assertThat(instance.memory("memory").byteSize()).isEqualTo(4L * PAGE);
    }

    @Test
    void aCatchHandlerSeesTheSizeACalleeGrewToBeforeThrowing() {
        assertThat(instance.function("catchAfterCalleeGrew").asIntSupplier().getAsInt()).isEqualTo(5);
    }

    @Test
    void onTheHeapTooACatchHandlerSeesTheArrayACalleeGrewBeforeThrowing() {
        Engine heapEngine = Engine.create();
        Instance onHeap = new Linker(heapEngine).instantiate(Module.fromWat(heapEngine, MODULE));
        try {
            assertThat(onHeap.function("catchAfterCalleeGrew").asIntSupplier().getAsInt()).isEqualTo(5);
        } finally {
            onHeap.close();
        }
    }

    @Test
    void anAccessAfterCloseThrowsInsteadOfTouchingUnmappedMemory() {
        var load = instance.function("load").asIntUnaryOperator();
        assertThat(load.applyAsInt(0)).isZero();
        instance.close();
        assertThatThrownBy(() -> load.applyAsInt(0)).isInstanceOf(RuntimeException.class);
    }
}
