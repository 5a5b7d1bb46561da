package dev.gatun.examples;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the functions service ({@code gatun.*}).
 *
 * @param modulesDir     directory of extra {@code .wasm}/{@code .wat} modules loaded at start (null: none); a
 *                       module there replaces a bundled one of the same name
 * @param callTimeout    how long one call into a module may run before it is interrupted
 * @param poolMaxSize    instances per module kept for reuse (and the most that run at once)
 * @param borrowTimeout  how long a request waits for a free instance before it is rejected
 * @param breaker        when calls to a function stop being attempted
 */
@ConfigurationProperties("gatun")
public record GatunExampleProperties(
        Path modulesDir,
        @DefaultValue("1s") Duration callTimeout,
        @DefaultValue("16") int poolMaxSize,
        @DefaultValue("2s") Duration borrowTimeout,
        @DefaultValue Breaker breaker) {

    /**
     * @param failureThreshold consecutive time-outs or traps of one function that open its breaker
     * @param openFor          how long an open breaker rejects calls before letting one trial call through
     */
    public record Breaker(@DefaultValue("3") int failureThreshold, @DefaultValue("10s") Duration openFor) {}
}
