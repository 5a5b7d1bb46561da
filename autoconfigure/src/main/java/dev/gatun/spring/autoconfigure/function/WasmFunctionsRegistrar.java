package dev.gatun.spring.autoconfigure.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean per {@link WasmModule} interface of the packages named by {@link EnableWasmFunctions}. Each
 * bean definition is a {@link WasmFunctionFactoryBean} with the interface as constructor argument, which AOT
 * processing can write out as code.
 */
public class WasmFunctionsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableWasmFunctions.class.getName());
        List<String> packages = new ArrayList<>();
        if (attributes != null) {
            packages.addAll(List.of((String[]) attributes.get("basePackages")));
            for (Class<?> type : (Class<?>[]) attributes.get("basePackageClasses")) packages.add(type.getPackageName());
        }
        if (packages.isEmpty()) packages.add(ClassUtils.getPackageName(metadata.getClassName()));
        register(packages, registry, environment);
    }

    /** Scans the packages for {@link WasmModule} interfaces and defines one bean for each not yet defined. */
    static void register(List<String> packages, BeanDefinitionRegistry registry, Environment environment) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false, environment) {
            @Override
            protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(WasmModule.class));
        for (String basePackage : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                String interfaceName = candidate.getBeanClassName();
                if (registry.containsBeanDefinition(interfaceName)) continue;
                Class<?> type = ClassUtils.resolveClassName(interfaceName, ClassUtils.getDefaultClassLoader());
                registry.registerBeanDefinition(interfaceName, definitionFor(type));
            }
        }
    }

    static RootBeanDefinition definitionFor(Class<?> type) {
        RootBeanDefinition definition = new RootBeanDefinition(WasmFunctionFactoryBean.class);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
        definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, type);
        return definition;
    }
}
