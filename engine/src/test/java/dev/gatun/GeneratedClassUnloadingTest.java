package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * A module's generated code is a hidden class the JVM may unload: once the module and its instances are
 * unreachable and the engine's module cache (bounded, {@link EngineConfig.Builder#moduleCacheSize}) no longer
 * holds it, nothing keeps the class, so a long-lived engine that loads ever new modules does not fill Metaspace.
 */
class GeneratedClassUnloadingTest {
    @Test
    void aDroppedModulesGeneratedClassIsUnloadedWhileTheEngineLives() throws InterruptedException {
        Engine engine = Engine.create(EngineConfig.builder().moduleCacheSize(0).build());
        WeakReference<Class<?>> generated = compileRunAndDrop(engine);
        awaitCleared(generated);
        assertThat(generated.get()).as("the generated class of a dropped module").isNull();
        assertThat(engine.liveInstances()).isZero();
    }

    @Test
    void aModuleEvictedFromTheCacheIsUnloadedToo() throws InterruptedException {
        Engine engine = Engine.create(EngineConfig.builder().moduleCacheSize(1).build());
        WeakReference<Class<?>> first = compileRunAndDrop(engine);
        Module.fromWat(engine, "(module (func (export \"other\")))"); // evicts the first from a cache of one
        awaitCleared(first);
        assertThat(first.get()).isNull();
    }

    private static void awaitCleared(WeakReference<?> reference) throws InterruptedException {
        for (int i = 0; i < 20 && reference.get() != null; i++) {
            System.gc(); // a full collection, which unloads classes
            Thread.sleep(50);
        }
    }

    private static WeakReference<Class<?>> compileRunAndDrop(Engine engine) {
        Module module = Module.fromWat(engine, """
                (module (memory 1) (func (export "add") (param i32 i32) (result i32)
                  (i32.add (local.get 0) (local.get 1))))""");
        try (Instance instance = new Linker(engine).instantiate(module)) {
            assertThat(instance.function("add").call(Value.i32(2), Value.i32(3))).containsExactly(Value.i32(5));
        }
        return new WeakReference<>(module.compiled().generatedClass());
    }
}
