package dev.gatun.spring.autoconfigure;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;

/** The ordered beans of a provider, looked up at first use (after all beans exist) and then kept. */
final class CachedBeans<T> implements Supplier<List<T>> {
    private final ObjectProvider<T> provider;
    private volatile List<T> beans;

    CachedBeans(ObjectProvider<T> provider) {
        this.provider = provider;
    }

    @Override
    public List<T> get() {
        List<T> found = beans;
        if (found == null) beans = found = provider.orderedStream().toList();
        return found;
    }
}
