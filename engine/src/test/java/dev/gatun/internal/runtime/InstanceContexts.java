package dev.gatun.internal.runtime;

/** Reaches the context behind a public {@link dev.gatun.Instance} in runtime tests. */
final class InstanceContexts {
    private InstanceContexts() {
    }

    static InstanceContext of(dev.gatun.Instance instance) {
        try {
            var method = dev.gatun.Instance.class.getDeclaredMethod("context");
            method.setAccessible(true);
            return (InstanceContext) method.invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
