package dev.gatun.spring.autoconfigure.aot;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import dev.gatun.spring.autoconfigure.function.WasmFunctionFactoryBean;

/** Resources and reflection the starter needs in a native image: module files and the proxy factory. */
public class GatunRuntimeHints implements RuntimeHintsRegistrar {
    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern("**/*.wasm").registerPattern("**/*.wat");
        hints.reflection().registerType(WasmFunctionFactoryBean.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_METHODS);
    }
}
