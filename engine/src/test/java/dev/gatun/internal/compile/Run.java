package dev.gatun.internal.compile;

import dev.gatun.internal.runtime.Instance;

/** Shorthands for tests: compile a one-function module and call it. */
final class Run {
    private Run() {}

    /** Defines export "f" with the signature and body, instantiates, calls with args, returns the first result. */
    static Object call(String signature, String body, Object... args) {
        return call(signature, "", body, args);
    }

    static Object call(String signature, String locals, String body, Object... args) {
        TestModule m = new TestModule();
        m.func("f", signature, locals, body);
        Object[] results = m.instantiate().invoke("f", args);
        return results.length == 0 ? null : results[0];
    }

    static Instance single(String signature, String body) {
        TestModule m = new TestModule();
        m.func("f", signature, body);
        return m.instantiate();
    }
}
