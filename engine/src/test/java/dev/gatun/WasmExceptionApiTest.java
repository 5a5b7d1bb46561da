package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Wasm exceptions through the embedding API: the rules documented on {@link ThrownWasmException}. */
class WasmExceptionApiTest {
    private final Engine engine = Engine.create();

    private static final String MODULE = """
            (module
              (import "host" "call" (func $host (param i32)))
              (tag $e (export "e") (param i32 f64))
              (func (export "throw") (param i32) (throw $e (local.get 0) (f64.const 0.5)))
              (func (export "catchFromHost") (param i32) (result i32 f64)
                (block $h (result i32 f64)
                  (try_table (catch $e $h) (call $host (local.get 0)))
                  (return (i32.const -1) (f64.const -1)))))""";

    private Instance instantiate(AtomicReference<Instance> self, HostFunction host) {
        FuncType hostType = FuncType.of(List.of(ValueType.I32), List.of());
        Instance instance = new Linker(engine).func("host", "call", hostType, host)
                .instantiate(Module.fromWat(engine, MODULE));
        self.set(instance);
        return instance;
    }

    @Test
    void uncaughtExceptionIsTypedAndNotATrap() {
        AtomicReference<Instance> self = new AtomicReference<>();
        Instance instance = instantiate(self, (caller, args) -> null);
        assertThatThrownBy(() -> instance.function("throw").call(Value.i32(4)))
                .isInstanceOfSatisfying(ThrownWasmException.class, e -> {
                    assertThat(e.tag()).isSameAs(instance.tag("e"));
                    assertThat(e.payloadValues()).containsExactly(Value.i32(4), Value.f64(0.5));
                    assertThat(e.payload()).containsExactly(4, 0.5);
                });
        assertThat(instance.hasTrapped()).isFalse();
        assertThat(instance.function("catchFromHost").call(Value.i32(1))).containsExactly(Value.i32(-1), Value.f64(-1));
    }

    @Test
    void hostThrowsThroughTheApiAndWasmCatches() {
        AtomicReference<Instance> self = new AtomicReference<>();
        Instance instance = instantiate(self, (caller, args) -> {
            throw ThrownWasmException.create(self.get().tag("e"), args[0].asInt() * 2, 2.5);
        });
        assertThat(instance.function("catchFromHost").call(Value.i32(21))).containsExactly(Value.i32(42), Value.f64(2.5));
        assertThat(instance.hasTrapped()).isFalse();
    }

    @Test
    void exceptionFromANestedCallPassesThroughTheHostIntoWasm() {
        AtomicReference<Instance> self = new AtomicReference<>();
        Instance instance = instantiate(self, (caller, args) -> self.get().function("throw").call(args[0]));
        assertThat(instance.function("catchFromHost").call(Value.i32(9))).containsExactly(Value.i32(9), Value.f64(0.5));
        assertThat(instance.hasTrapped()).isFalse();
    }

    @Test
    void otherHostExceptionsAreNotCaughtAndCountAsTraps() {
        AtomicReference<Instance> self = new AtomicReference<>();
        Instance instance = instantiate(self, (caller, args) -> {
            throw new IllegalStateException("host failure");
        });
        assertThatThrownBy(() -> instance.function("catchFromHost").call(Value.i32(0)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(instance.hasTrapped()).isTrue();
        assertThatThrownBy(() -> instance.tag("throw")).isInstanceOf(UnknownExportException.class);
    }
}
