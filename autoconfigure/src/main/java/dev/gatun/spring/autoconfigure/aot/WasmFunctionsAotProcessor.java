package dev.gatun.spring.autoconfigure.aot;

import java.util.ArrayList;
import java.util.List;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.gatun.spring.autoconfigure.function.WasmFunctionFactoryBean;

/**
 * Registers a JDK proxy hint (and reflection on its methods) for every {@code @WasmModule} interface bean, so
 * that the proxies can be made in a native image.
 */
public class WasmFunctionsAotProcessor implements BeanFactoryInitializationAotProcessor {
    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        List<Class<?>> interfaces = new ArrayList<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
            if (!WasmFunctionFactoryBean.class.getName().equals(definition.getBeanClassName())) continue;
            var argument = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, Class.class);
            if (argument != null && argument.getValue() instanceof Class<?> type) interfaces.add(type);
        }
        if (interfaces.isEmpty()) return null;
        return (GenerationContext context, BeanFactoryInitializationCode code) -> register(context.getRuntimeHints(), interfaces);
    }

    static void register(RuntimeHints hints, List<Class<?>> interfaces) {
        for (Class<?> type : interfaces) {
            hints.proxies().registerJdkProxy(type);
            hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
        }
    }
}
