package dev.gatun.spring.autoconfigure.module;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.gatun.Linker;
import dev.gatun.spring.autoconfigure.WasmConfigurationException;

/**
 * The application's host functions: every {@link WasmHostFunction} method of the beans, plus the beans named by
 * {@code gatun.modules.<name>.imports}.
 */
public final class HostFunctionBeans {
    /** One host function: import name and a handle bound to its bean. */
    public record Definition(String module, String name, MethodHandle handle, String source) {}

    private final ListableBeanFactory beanFactory;
    private volatile List<Definition> annotated;

    public HostFunctionBeans(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** All annotated host functions of the application's beans. */
    public List<Definition> annotated() {
        List<Definition> found = annotated;
        if (found == null) {
            List<Definition> collected = new ArrayList<>();
            for (String beanName : beanFactory.getBeanDefinitionNames()) {
                Class<?> type = beanFactory.getType(beanName, false);
                if (type == null) continue;
                Map<Method, WasmHostFunction> methods = annotatedMethods(type);
                if (methods.isEmpty()) continue;
                Object bean = beanFactory.getBean(beanName);
                methods.forEach((method, annotation) -> {
                    String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
                    collected.add(new Definition(annotation.module(), name, bind(bean, method), beanName + "." + method.getName()));
                });
            }
            annotated = found = collected;
        }
        return found;
    }

    /** The host function a bean named in {@code imports} provides: its one {@link WasmHostFunction} method. */
    public Definition named(String moduleName, String importKey, String beanName) {
        int dot = importKey.indexOf('.');
        String where = "gatun.modules." + moduleName + ".imports[" + importKey + "]";
        if (dot <= 0) {
            throw new WasmConfigurationException(where + " is not of the form <module>.<name>",
                    "Write the import as e.g. gatun.modules." + moduleName + ".imports[env.log]=myLogBean");
        }
        if (!beanFactory.containsBean(beanName)) {
            throw new WasmConfigurationException(where + " names bean '" + beanName + "', which does not exist",
                    "Define a bean named '" + beanName + "' with one @WasmHostFunction method, or fix " + where);
        }
        Object bean = beanFactory.getBean(beanName);
        Map<Method, WasmHostFunction> methods = annotatedMethods(ClassUtils.getUserClass(bean));
        if (methods.size() != 1) {
            throw new WasmConfigurationException(where + ": bean '" + beanName + "' has " + methods.size()
                    + " @WasmHostFunction methods, needs exactly one",
                    "Annotate the one method of '" + beanName + "' that implements the import with @WasmHostFunction");
        }
        Method method = methods.keySet().iterator().next();
        return new Definition(importKey.substring(0, dot), importKey.substring(dot + 1), bind(bean, method),
                beanName + "." + method.getName());
    }

    /** Defines the annotated host functions and the module's named imports in the linker. */
    public void defineInto(Linker linker, String moduleName, Map<String, String> imports) {
        List<Definition> definitions = new ArrayList<>(annotated());
        imports.forEach((key, bean) -> definitions.add(named(moduleName, key, bean)));
        for (Definition d : definitions) {
            try {
                linker.func(d.module(), d.name(), d.handle());
            } catch (RuntimeException e) {
                throw new WasmConfigurationException("host function " + d.source() + " cannot be imported as "
                        + d.module() + "." + d.name() + ": " + e.getMessage(),
                        "Use only int, long, float, double (and an optional first Caller) in host function signatures", e);
            }
        }
    }

    private static Map<Method, WasmHostFunction> annotatedMethods(Class<?> type) {
        return MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                (MethodIntrospector.MetadataLookup<WasmHostFunction>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, WasmHostFunction.class));
    }

    private static MethodHandle bind(Object bean, Method method) {
        try {
            ReflectionUtils.makeAccessible(method);
            return MethodHandles.lookup().unreflect(method).bindTo(bean);
        } catch (IllegalAccessException e) {
            throw new WasmConfigurationException("host function " + method + " is not accessible",
                    "Make the @WasmHostFunction method public", e);
        }
    }
}
