package dev.gatun.spring.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.io.ResourceLoader;

import dev.gatun.Engine;
import dev.gatun.EngineConfig;
import dev.gatun.spring.autoconfigure.aot.GatunRuntimeHints;
import dev.gatun.spring.autoconfigure.function.AutoConfiguredWasmFunctionsRegistrar;
import dev.gatun.spring.autoconfigure.module.GatunLinkerCustomizer;
import dev.gatun.spring.autoconfigure.module.HostFunctionBeans;
import dev.gatun.spring.autoconfigure.module.WasmCallDecorator;
import dev.gatun.spring.autoconfigure.module.WasmCallObserver;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;

/**
 * The engine, the configured modules (registry, a {@code Module} and an {@code InstancePool} bean each) and the
 * {@code @WasmModule} interfaces of the application's packages.
 */
@AutoConfiguration
@ConditionalOnClass(Engine.class)
@EnableConfigurationProperties(GatunProperties.class)
@Import({ModuleBeansRegistrar.class, AutoConfiguredWasmFunctionsRegistrar.class})
@ImportRuntimeHints(GatunRuntimeHints.class)
public class GatunAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Engine gatunEngine(GatunProperties properties, ObjectProvider<GatunEngineCustomizer> customizers) {
        EngineConfig.Builder builder = EngineSettings.builder(properties.engine());
        customizers.orderedStream().forEach(c -> c.customize(builder));
        try {
            return Engine.create(builder.build());
        } catch (IllegalArgumentException e) {
            throw new WasmConfigurationException("gatun.engine: " + e.getMessage(), "Fix the gatun.engine.* properties", e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    public HostFunctionBeans gatunHostFunctions(ListableBeanFactory beanFactory) {
        return new HostFunctionBeans(beanFactory);
    }

    @Bean(name = ModuleBeansRegistrar.REGISTRY_BEAN)
    @ConditionalOnMissingBean
    public WasmModuleRegistry gatunModuleRegistry(Engine engine, GatunProperties properties, ResourceLoader resourceLoader,
            HostFunctionBeans hostFunctions, ObjectProvider<GatunLinkerCustomizer> linkerCustomizers,
            ObjectProvider<WasmCallDecorator> decorators, ObjectProvider<WasmCallObserver> observers) {
        List<GatunLinkerCustomizer> customizers = linkerCustomizers.orderedStream().toList();
        return new WasmModuleRegistry(engine, properties, resourceLoader, hostFunctions, customizers,
                new CachedBeans<>(decorators), new CachedBeans<>(observers));
    }
}
