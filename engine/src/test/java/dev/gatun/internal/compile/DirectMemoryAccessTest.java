package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.runtime.Instance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** i32.load, i64.load and i32.store compiled as direct VarHandle accesses: values, bounds and wrap-around. */
class DirectMemoryAccessTest {
    private static final Instance INSTANCE = Instance.instantiate(Wat.parse("""
            (module
              (memory 1)
              (func (export "store") (param i32 i32) (i32.store offset=4 (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
              (func (export "load0") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "load64") (param i32) (result i64) (i64.load offset=8 (local.get 0))))
            """), Map.of());

    @Test
    void storedValuesReadBackLittleEndian() {
        INSTANCE.invoke("store", 0, 0x11223344);
        INSTANCE.invoke("store", 4, 0x55667788);
        assertThat(INSTANCE.invoke("load", 0)[0]).isEqualTo(0x11223344);
        assertThat(INSTANCE.invoke("load0", 5)[0]).isEqualTo(0x88112233);
        assertThat(INSTANCE.invoke("load64", 0)[0]).isEqualTo(0x55667788L);
        assertThatThrownBy(() -> INSTANCE.invoke("load64", -4)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void accessesPastTheEndTrap() {
        assertThat(INSTANCE.invoke("load", 65532 - 4)[0]).isNotNull();
        assertThatThrownBy(() -> INSTANCE.invoke("load", 65533 - 4)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> INSTANCE.invoke("store", 65536, 1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> INSTANCE.invoke("load64", 65536 - 15)).isInstanceOf(MemoryOutOfBoundsTrap.class);
    }

    @Test
    void addressesThatWrapAroundTrap() {
        assertThatThrownBy(() -> INSTANCE.invoke("load", -4)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> INSTANCE.invoke("load", -2)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> INSTANCE.invoke("load0", -1)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThatThrownBy(() -> INSTANCE.invoke("store", Integer.MAX_VALUE, 1))
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
    }
}
