package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.ExceptionTag;
import dev.gatun.ThrownWasmException;
import dev.gatun.UnreachableTrap;
import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The crossing rules documented on {@link ThrownWasmException}. */
class ExceptionCrossingTest {
    /** Defines and exports $e; "inner" throws it; the host import "host.call" is called under handlers. */
    private static final String MODULE = """
            (module
              (import "host" "call" (func $host (param i32)))
              (tag $e (export "e") (param i32 i64))
              (tag $other (export "other"))
              (func (export "inner") (param i32) (throw $e (local.get 0) (i64.const -9000000000)))
              (func (export "uncaught") (throw $e (i32.const 3) (i64.const 4)))
              (func (export "catchFromHost") (param i32) (result i32 i64)
                (block $h (result i32 i64)
                  (try_table (catch $e $h) (call $host (local.get 0)))
                  (return (i32.const -1) (i64.const -1))))
              (func (export "catchAllFromHost") (param i32) (result i32)
                (block $h
                  (try_table (catch_all $h) (call $host (local.get 0)))
                  (return (i32.const 0)))
                (i32.const 1))
              (func (export "legacyCatchFromHost") (param i32) (result i32)
                (try (result i32)
                  (do (call $host (local.get 0)) (i32.const 0))
                  (catch $e (drop) (drop) (i32.const 2))
                  (catch_all (i32.const 3))))
              (func (export "rethrowRef") (param i32) (result exnref)
                (block $h (result exnref)
                  (try_table (catch_all_ref $h) (call $host (local.get 0)))
                  (ref.null exn))))""";

    private final AtomicReference<Instance> self = new AtomicReference<>();
    private final AtomicReference<HostFunction> behaviour = new AtomicReference<>();

    private Instance instance() {
        HostFunction host = args -> behaviour.get().call(args);
        Instance instance = Wat.instance(MODULE, Map.of("host", Map.of("call", host)));
        self.set(instance);
        return instance;
    }

    @Test
    void uncaughtExceptionCarriesTagAndPayload() {
        Instance instance = instance();
        assertThatThrownBy(() -> instance.invoke("uncaught")).isInstanceOfSatisfying(ThrownWasmException.class, e -> {
            assertThat(e.tag()).isSameAs(instance.export("e"));
            assertThat(e.tag().parameterTypes()).containsExactly("i32", "i64");
            assertThat(e.payload()).containsExactly(3, 4L);
            assertThat(e.getMessage()).contains("uncaught Wasm exception").contains("[3, 4]");
        });
        behaviour.set(args -> null);
        assertThat(instance.invoke("catchAllFromHost", 0)).containsExactly(0); // still usable
    }

    @Test
    void hostFunctionThrowsAWasmExceptionThatWasmCatches() {
        Instance instance = instance();
        behaviour.set(args -> {
            throw ThrownWasmException.create((ExceptionTag) self.get().export("e"), (Integer) args[0] + 1, 77L);
        });
        assertThat(instance.invoke("catchFromHost", 41)).containsExactly(42, 77L);
        assertThat(instance.invoke("catchAllFromHost", 0)).containsExactly(1);
        assertThat(instance.invoke("legacyCatchFromHost", 0)).containsExactly(2);
    }

    @Test
    void otherTagsFromTheHostAreOnlyCaughtByCatchAll() {
        Instance instance = instance();
        behaviour.set(args -> {
            throw ThrownWasmException.create((ExceptionTag) instance.export("other"));
        });
        assertThatThrownBy(() -> instance.invoke("catchFromHost", 0)).isInstanceOfSatisfying(ThrownWasmException.class,
                e -> assertThat(e.tag()).isSameAs(instance.export("other")));
        assertThat(instance.invoke("legacyCatchFromHost", 0)).containsExactly(3);
    }

    @Test
    void wasmExceptionPassesThroughAHostFrameBackIntoWasm() {
        Instance instance = instance();
        behaviour.set(args -> self.get().invoke("inner", args[0]));
        assertThat(instance.invoke("catchFromHost", 5)).containsExactly(5, -9_000_000_000L);
        assertThat(instance.context().entryDepth).isEqualTo(instance.context().maxCallDepth);
        assertThat(instance.context().javaCalls).isZero();
    }

    @Test
    void hostMayCatchInspectAndRethrowTheSameException() {
        Instance instance = instance();
        AtomicReference<ThrownWasmException> seen = new AtomicReference<>();
        behaviour.set(args -> {
            try {
                return self.get().invoke("inner", args[0]);
            } catch (ThrownWasmException e) {
                seen.set(e);
                assertThat(e.payload()).containsExactly(8, -9_000_000_000L);
                throw e;
            }
        });
        Object[] caught = instance.invoke("rethrowRef", 8);
        assertThat(caught[0]).isSameAs(seen.get());
    }

    @Test
    void otherJavaExceptionsAndTrapsAreNotCaughtByWasm() {
        Instance instance = instance();
        behaviour.set(args -> {
            throw new IllegalStateException("host failure");
        });
        assertThatThrownBy(() -> instance.invoke("catchAllFromHost", 0))
                .isInstanceOf(IllegalStateException.class).hasMessage("host failure");
        behaviour.set(args -> {
            throw new UnreachableTrap();
        });
        assertThatThrownBy(() -> instance.invoke("legacyCatchFromHost", 0)).isInstanceOf(UnreachableTrap.class);
    }

    @Test
    void payloadMustMatchTheTag() {
        Instance instance = instance();
        ExceptionTag tag = (ExceptionTag) instance.export("e");
        assertThatThrownBy(() -> ThrownWasmException.create(tag, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 2 payload values, got 1");
        assertThatThrownBy(() -> ThrownWasmException.create(tag, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload value 1");
        assertThatThrownBy(() -> ThrownWasmException.create(List::of))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a tag of a Gatun instance");
    }
}
