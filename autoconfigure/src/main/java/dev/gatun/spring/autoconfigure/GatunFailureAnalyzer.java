package dev.gatun.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link WasmConfigurationException} into a start-up report that says what to fix. */
public class GatunFailureAnalyzer extends AbstractFailureAnalyzer<WasmConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WasmConfigurationException cause) {
        return new FailureAnalysis("Gatun could not start: " + cause.getMessage(), cause.action(), cause);
    }
}
