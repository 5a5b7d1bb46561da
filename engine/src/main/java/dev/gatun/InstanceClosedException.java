package dev.gatun;

/** An instance (or a handle taken from it) was used after {@link Instance#close()}. */
public class InstanceClosedException extends IllegalStateException {
    public InstanceClosedException(String message) {
        super(message);
    }
}
