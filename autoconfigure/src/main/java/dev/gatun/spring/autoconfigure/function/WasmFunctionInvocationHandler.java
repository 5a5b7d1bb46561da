package dev.gatun.spring.autoconfigure.function;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

import dev.gatun.spring.autoconfigure.module.WasmModuleRuntime;

/** Dispatches each interface method to its {@link FunctionBinding}; Object methods and default methods run locally. */
final class WasmFunctionInvocationHandler implements InvocationHandler {
    private final Class<?> type;
    private final WasmModuleRuntime runtime;
    private final Map<Method, FunctionBinding> bindings = new HashMap<>();

    WasmFunctionInvocationHandler(Class<?> type, WasmModuleRuntime runtime) {
        this.type = type;
        this.runtime = runtime;
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) continue;
            bindings.put(method, FunctionBinding.bind(type, method, runtime));
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "Wasm proxy " + type.getName() + " -> module " + runtime.name();
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
        return bindings.get(method).call(args == null ? new Object[0] : args);
    }
}
