package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.InstancePool;
import dev.gatun.Module;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;

class GatunAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class));

    @Test
    void engineAndEmptyRegistryWithoutModules() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Engine.class).hasSingleBean(WasmModuleRegistry.class);
            assertThat(context.getBean(WasmModuleRegistry.class).all()).isEmpty();
            assertThat(context).doesNotHaveBean(InstancePool.class);
        });
    }

    @Test
    void moduleAndPoolBeansNamedAfterEachModule() {
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat",
                "gatun.modules.calc.pool.max-size=3", "gatun.modules.calc.pool.min-idle=2").run(context -> {
            assertThat(context).hasBean("calcModule").hasBean("calcPool");
            assertThat(context.getBean("calcModule", Module.class).exports()).extracting(e -> e.name()).contains("add", "upper");
            InstancePool pool = context.getBean("calcPool", InstancePool.class);
            assertThat(pool.stats().idle()).isEqualTo(2);
            try (var borrowed = pool.borrow()) {
                assertThat(borrowed.function("add").asIntBinaryOperator().applyAsInt(2, 3)).isEqualTo(5);
            }
        });
    }

    @Test
    void propertiesBindToRecords() {
        runner.withPropertyValues("gatun.engine.consume-fuel=true", "gatun.engine.max-call-depth=500",
                "gatun.modules.calc.location=classpath:wasm/calc.wat", "gatun.modules.calc.timeout=250ms",
                "gatun.modules.calc.pool.borrow-timeout=3s", "gatun.modules.calc.limits.fuel=1000",
                "gatun.modules.calc.limits.max-memory-pages=4", "gatun.modules.calc.limits.call-depth=100",
                "gatun.modules.calc.abi.allocator=cabi_realloc", "gatun.modules.calc.imports[env.log]=logger")
                .withBean("logger", dev.gatun.spring.autoconfigure.app.Doubler.class).run(context -> {
            GatunProperties properties = context.getBean(GatunProperties.class);
            assertThat(properties.engine().consumeFuel()).isTrue();
            assertThat(properties.engine().maxCallDepth()).isEqualTo(500);
            var calc = properties.modules().get("calc");
            assertThat(calc.timeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(calc.pool().borrowTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(calc.pool().maxSize()).isEqualTo(8);
            assertThat(calc.limits().fuel()).isEqualTo(1000L);
            assertThat(calc.limits().maxMemoryPages()).isEqualTo(4L);
            assertThat(calc.abi().allocator()).isEqualTo("cabi_realloc");
            assertThat(calc.abi().deallocator()).isEqualTo("free");
            assertThat(calc.imports()).containsEntry("env.log", "logger");
            assertThat(context.getBean(Engine.class).config().consumeFuel()).isTrue();
        });
    }

    @Test
    void aPoolWithOffHeapMemoriesGetsAnEngineThatPlacesThemSo() {
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat",
                "gatun.modules.calc.pool.off-heap-memories=true",
                "gatun.modules.plain.location=classpath:wasm/calc.wat").run(context -> {
            assertThat(context.getBean(Engine.class).config().offHeapMemories()).isFalse();
            assertThat(context.getBean("calcModule", Module.class).engine().config().offHeapMemories()).isTrue();
            assertThat(context.getBean("plainModule", Module.class).engine()).isSameAs(context.getBean(Engine.class));
            InstancePool pool = context.getBean("calcPool", InstancePool.class);
            for (int call = 0; call < 3; call++) {
                try (var borrowed = pool.borrow()) {
                    assertThat(borrowed.function("add").asIntBinaryOperator().applyAsInt(2, 3)).isEqualTo(5);
                }
            }
        });
        runner.withPropertyValues("gatun.engine.off-heap-memories=true").run(context ->
                assertThat(context.getBean(Engine.class).config().offHeapMemories()).isTrue());
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsEngine() {
        runner.withUserConfiguration(OwnEngine.class).run(context -> {
            assertThat(context).hasSingleBean(Engine.class);
            assertThat(context.getBean(Engine.class)).isSameAs(context.getBean(OwnEngine.class).engine);
        });
    }

    @Test
    void engineCustomizersApply() {
        runner.withBean(GatunEngineCustomizer.class, () -> builder -> builder.maxCallDepth(77))
                .run(context -> assertThat(context.getBean(Engine.class).config().maxCallDepth()).isEqualTo(77));
    }

    @Test
    void everyFileOfTheModulesDirBecomesAModule(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("first.wat"), "(module (func (export \"one\") (result i32) (i32.const 1)))");
        Files.writeString(dir.resolve("second.wat"), "(module (func (export \"two\") (result i32) (i32.const 2)))");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        runner.withPropertyValues("gatun.modules-dir=" + dir, "gatun.modules.second.pool.max-size=1").run(context -> {
            assertThat(context).hasBean("firstModule").hasBean("firstPool").hasBean("secondPool");
            assertThat(context.getBean(WasmModuleRegistry.class).get("second").settings().pool().maxSize()).isEqualTo(1);
            assertThat(context.getBean(WasmModuleRegistry.class).all()).hasSize(2);
        });
    }

    @Test
    void linkerCustomizersProvideImports() {
        runner.withPropertyValues("gatun.modules.hosted.location=classpath:wasm/hosted.wat")
                .withBean(dev.gatun.spring.autoconfigure.module.GatunLinkerCustomizer.class, () -> (module, linker) ->
                        linker.func("env", "twice", java.util.function.IntUnaryOperator.class, x -> x + 100))
                .run(context -> {
                    try (var borrowed = context.getBean("hostedPool", InstancePool.class).borrow()) {
                        assertThat(borrowed.function("quadruple").asIntUnaryOperator().applyAsInt(1)).isEqualTo(201);
                    }
                });
    }

    @Test
    void importsPropertyNamesTheBeanThatImplementsAnImport() {
        runner.withPropertyValues("gatun.modules.hosted.location=classpath:wasm/hosted.wat",
                "gatun.modules.hosted.imports[env.twice]=tripler").withBean("tripler", Tripler.class).run(context -> {
            try (var borrowed = context.getBean("hostedPool", InstancePool.class).borrow()) {
                assertThat(borrowed.function("quadruple").asIntUnaryOperator().applyAsInt(1)).isEqualTo(9);
            }
        });
    }

    public static class Tripler {
        @dev.gatun.spring.autoconfigure.module.WasmHostFunction(module = "math", name = "triple")
        public int triple(int value) {
            return value * 3;
        }
    }

    @Test
    void backsOffWithTheApplicationsRegistry() {
        runner.withBean("gatunModuleRegistry", WasmModuleRegistry.class, () -> new WasmModuleRegistry(Engine.create(),
                        new GatunProperties(null, java.util.Map.of(), null), new org.springframework.core.io.DefaultResourceLoader(),
                        null, java.util.List.of(), java.util.List::of, java.util.List::of))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WasmModuleRegistry.class);
                    // ours would have been built with the context's engine; this one has its own
                    assertThat(context.getBean(WasmModuleRegistry.class).all()).isEmpty();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        final Engine engine = Engine.create(EngineConfig.builder().maxCallDepth(42).build());

        @Bean
        Engine myEngine() {
            return engine;
        }
    }
}
