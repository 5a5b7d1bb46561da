package dev.gatun.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import dev.gatun.spring.autoconfigure.resilience.Resilience4jCallDecorator;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * Resilience4j around module calls (CircuitBreaker, Bulkhead, TimeLimiter from {@code resilience4j.*}) when
 * Resilience4j is on the class path; {@code gatun.resilience4j.enabled=false} turns it off.
 */
@AutoConfiguration(after = GatunAutoConfiguration.class)
@ConditionalOnClass({CircuitBreakerRegistry.class, BulkheadRegistry.class, TimeLimiterRegistry.class})
@ConditionalOnProperty(name = "gatun.resilience4j.enabled", matchIfMissing = true)
public class GatunResilienceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Resilience4jCallDecorator gatunResilience4jCallDecorator(ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<TimeLimiterRegistry> timeLimiters) {
        return new Resilience4jCallDecorator(circuitBreakers, bulkheads, timeLimiters);
    }
}
