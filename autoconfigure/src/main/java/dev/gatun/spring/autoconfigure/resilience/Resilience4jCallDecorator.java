package dev.gatun.spring.autoconfigure.resilience;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;

import dev.gatun.spring.autoconfigure.exception.WasmCallRejectedException;
import dev.gatun.spring.autoconfigure.module.WasmCallDecorator;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * Applies the Resilience4j instances configured under {@code resilience4j.*.instances.<name>} to calls into
 * modules, where {@code <name>} is {@code <module>-<function>} (one function) or {@code <module>} (all of the
 * module's functions). Modules without such instances are not decorated.
 * <p>
 * A TimeLimiter's {@code timeout-duration} becomes the engine deadline of the call, which stops the guest's
 * CPU on the calling thread (the instance is then discarded), instead of abandoning a future that keeps running.
 */
public class Resilience4jCallDecorator implements WasmCallDecorator {
    private final ObjectProvider<CircuitBreakerRegistry> circuitBreakers;
    private final ObjectProvider<BulkheadRegistry> bulkheads;
    private final ObjectProvider<TimeLimiterRegistry> timeLimiters;

    public Resilience4jCallDecorator(ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<TimeLimiterRegistry> timeLimiters) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.timeLimiters = timeLimiters;
    }

    @Override
    public <T> Supplier<T> decorate(String module, String function, Supplier<T> call) {
        Supplier<T> decorated = call;
        Optional<Bulkhead> bulkhead = find(bulkheads, module, function, BulkheadRegistry::find);
        if (bulkhead.isPresent()) decorated = Bulkhead.decorateSupplier(bulkhead.get(), decorated);
        Optional<CircuitBreaker> breaker = find(circuitBreakers, module, function, CircuitBreakerRegistry::find);
        if (breaker.isPresent()) decorated = CircuitBreaker.decorateSupplier(breaker.get(), decorated);
        if (decorated == call) return call;
        Supplier<T> guarded = decorated;
        return () -> {
            try {
                return guarded.get();
            } catch (CallNotPermittedException | BulkheadFullException e) {
                throw new WasmCallRejectedException(module, function, e);
            }
        };
    }

    @Override
    public Duration timeout(String module) {
        return find(timeLimiters, module, null, TimeLimiterRegistry::find)
                .map(t -> t.getTimeLimiterConfig().getTimeoutDuration()).orElse(null);
    }

    @Override
    public boolean permitsCalls(String module) {
        return find(circuitBreakers, module, null, CircuitBreakerRegistry::find).map(this::closedEnough).orElse(true);
    }

    private boolean closedEnough(CircuitBreaker breaker) {
        var state = breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    @Override
    public Map<String, Object> details(String module) {
        Map<String, Object> details = new LinkedHashMap<>();
        find(circuitBreakers, module, null, CircuitBreakerRegistry::find)
                .ifPresent(b -> details.put("circuitBreaker", b.getState().name()));
        find(bulkheads, module, null, BulkheadRegistry::find)
                .ifPresent(b -> details.put("bulkheadAvailableCalls", b.getMetrics().getAvailableConcurrentCalls()));
        return details;
    }

    private interface Finder<R, I> {
        Optional<I> find(R registry, String name);
    }

    private static <R, I> Optional<I> find(ObjectProvider<R> provider, String module, String function, Finder<R, I> finder) {
        R registry = provider.getIfAvailable();
        if (registry == null) return Optional.empty();
        if (function != null) {
            Optional<I> perFunction = finder.find(registry, module + "-" + function);
            if (perFunction.isPresent()) return perFunction;
        }
        return finder.find(registry, module);
    }
}
