package dev.gatun.internal.compile;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.text.WatParser;
import dev.gatun.internal.validate.Validator;
import java.util.Map;

/** Test shorthand: parse, validate, compile and instantiate a module written in WAT. */
final class Wat {
    private Wat() {}

    static ModuleModel parse(String wat) {
        ModuleModel module = WatParser.parseModule(wat);
        Validator.validate(module);
        return module;
    }

    static Instance instance(String wat) {
        return Instance.instantiate(parse(wat), Map.of());
    }

    static Instance instance(String wat, Map<String, Map<String, Object>> imports) {
        return Instance.instantiate(parse(wat), imports);
    }

    /** A module exporting one function "f" with the given signature clause and body. */
    static Instance function(String signature, String body) {
        return instance("(module (func (export \"f\") " + signature + " " + body + "))");
    }

    static Object call(Instance instance, Object... args) {
        Object[] results = instance.invoke("f", args);
        return results.length == 0 ? null : results[0];
    }
}
