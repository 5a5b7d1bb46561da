package dev.gatun.spring.autoconfigure;

/**
 * Start-up failure caused by Gatun configuration; {@link GatunFailureAnalyzer} shows {@link #action()} to the
 * user.
 */
public class WasmConfigurationException extends RuntimeException {
    private final String action;

    public WasmConfigurationException(String message, String action) {
        this(message, action, null);
    }

    public WasmConfigurationException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What the user should change. */
    public String action() {
        return action;
    }
}
