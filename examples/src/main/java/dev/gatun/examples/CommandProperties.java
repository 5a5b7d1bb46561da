package dev.gatun.examples;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the WASI commands the service runs ({@code examples.commands.*}). Library modules are the
 * starter's ({@code gatun.*}); the starter does not run WASI commands yet, so the service does it itself.
 *
 * @param timeout how long one run may take before the guest is interrupted
 * @param breaker when runs of a command stop being attempted
 */
@ConfigurationProperties("examples.commands")
public record CommandProperties(@DefaultValue("2s") Duration timeout, @DefaultValue Breaker breaker) {

    /**
     * @param failureThreshold consecutive time-outs or traps of one command that open its breaker
     * @param openFor          how long an open breaker rejects runs before letting one trial run through
     */
    public record Breaker(@DefaultValue("3") int failureThreshold, @DefaultValue("10s") Duration openFor) {}
}
