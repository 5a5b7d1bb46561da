package dev.gatun.internal.runtime;

import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WatParser;
import dev.gatun.internal.validate.Validator;
import java.util.Map;

/** Test shorthand for the threads tests: parse, validate, compile; instantiate with a memory as env.memory. */
final class ThreadsWat {
    private ThreadsWat() {}

    static CompiledModule compile(String wat) {
        ModuleModel module = WatParser.parseModule(wat);
        Validator.validate(module);
        return ModuleCompiler.compile(module);
    }

    static Instance instance(String wat) {
        return Instance.instantiate(compile(wat), Map.of(), Instance.DEFAULT_MAX_CALL_DEPTH);
    }

    static Map<String, Map<String, Object>> importing(LinearMemory memory) {
        return Map.of("env", Map.of("memory", memory));
    }

    static Object call(Instance instance, String name, Object... args) {
        Object[] results = instance.invoke(name, args);
        return results.length == 0 ? null : results[0];
    }
}
