package dev.gatun.spring.autoconfigure;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.gatun.InstancePool;
import dev.gatun.Module;
import dev.gatun.spring.autoconfigure.module.ModuleDefinitions;

/**
 * Defines, per configured module {@code <name>}, a {@code <name>Module} bean ({@link Module}) and a
 * {@code <name>Pool} bean ({@link InstancePool}), both made by factory methods of the module registry with the
 * name as argument (plain definitions that AOT processing can write out as code).
 */
class ModuleBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {
    static final String REGISTRY_BEAN = "gatunModuleRegistry";
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        GatunProperties properties = Binder.get(environment).bind("gatun", GatunProperties.class).orElse(null);
        if (properties == null) return;
        for (String name : ModuleDefinitions.resolve(properties).keySet()) {
            register(registry, name + "Module", Module.class, "module", name);
            register(registry, name + "Pool", InstancePool.class, "pool", name);
        }
    }

    private static void register(BeanDefinitionRegistry registry, String beanName, Class<?> type, String factoryMethod,
            String moduleName) {
        if (registry.containsBeanDefinition(beanName)) return;
        RootBeanDefinition definition = new RootBeanDefinition(type);
        definition.setFactoryBeanName(REGISTRY_BEAN);
        definition.setFactoryMethodName(factoryMethod);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, moduleName);
        definition.setDestroyMethodName(""); // the registry closes pools
        registry.registerBeanDefinition(beanName, definition);
    }
}
