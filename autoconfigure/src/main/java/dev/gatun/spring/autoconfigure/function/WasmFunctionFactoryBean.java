package dev.gatun.spring.autoconfigure.function;

import java.lang.reflect.Proxy;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;

import dev.gatun.spring.autoconfigure.WasmConfigurationException;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;

/**
 * Makes the bean of one {@link WasmModule} interface: a JDK proxy whose methods call the module's exports. The
 * interface is checked against the exports when the factory is initialised, so a mismatch fails start-up.
 */
public class WasmFunctionFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware, InitializingBean {
    private final Class<T> type;
    private BeanFactory beanFactory;
    private T proxy;

    public WasmFunctionFactoryBean(Class<T> type) {
        this.type = type;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void afterPropertiesSet() {
        WasmModule annotation = type.getAnnotation(WasmModule.class);
        if (annotation == null) {
            throw new WasmConfigurationException(type.getName() + " is not annotated @WasmModule",
                    "Annotate " + type.getSimpleName() + " with @WasmModule(\"<module name>\")");
        }
        WasmModuleRegistry registry = beanFactory.getBean(WasmModuleRegistry.class);
        if (!registry.contains(annotation.value())) {
            throw new WasmConfigurationException(type.getName() + " calls module '" + annotation.value()
                    + "', which is not configured",
                    "Configure gatun.modules." + annotation.value() + ".location, or fix @WasmModule on " + type.getSimpleName());
        }
        var handler = new WasmFunctionInvocationHandler(type, registry.get(annotation.value()));
        proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public T getObject() {
        return proxy;
    }

    @Override
    public Class<T> getObjectType() {
        return type;
    }
}
