package dev.gatun;

import dev.gatun.internal.runtime.InstanceContext;

/**
 * The bookkeeping around every call from Java into an instance: refuses calls after close, starts the
 * per-call deadline on outermost calls and tells the limit watchdog that the call runs, and after a failure puts the context back into a callable state
 * (call depth, pending tail call, interrupt flag) while remembering that the instance trapped.
 */
final class CallGuard {
    private final InstanceContext ctx;
    volatile boolean closed;
    /** A call ended in a trap or an exception (a pool must not hand the instance out again). */
    volatile boolean trapped;
    private int nesting;
    /** Per outermost call; {@code <= 0}: none. */
    long timeoutNanos;
    /** The public instance: handles hold the guard, so holding a handle keeps the instance (and its arena) alive. */
    Object owner;

    CallGuard(InstanceContext ctx) {
        this.ctx = ctx;
    }

    void enter() {
        if (closed) throw new InstanceClosedException("instance used after close()");
        if (nesting == 0) {
            if (timeoutNanos > 0) ctx.limits.setDeadline(ctx, System.nanoTime() + timeoutNanos);
            try {
                ctx.enterOutermost();
            } catch (InterruptedTrap e) {
                trapped = true;
                throw e;
            }
        }
        nesting++;
        ctx.javaCalls++;
    }

    void exit() {
        nesting--;
        ctx.javaCalls--;
    }

    /** Maps what a call threw to the exception the caller sees; returns it for throwing. */
    RuntimeException fail(Throwable thrown) {
        boolean outermost = --nesting <= 0;
        ctx.javaCalls--;
        if (outermost) {
            nesting = 0;
            ctx.resetCalls();
        }
        RuntimeException failure = switch (thrown) {
            case InstanceClosedException e -> e;
            // close() from another thread freed the vmctx under the running guest: FFM refused the access
            case IllegalStateException e when closed -> new InstanceClosedException("instance closed while a call was running");
            // close() interrupted the running guest before freeing the vmctx
            case InterruptedTrap e when closed -> new InstanceClosedException("instance closed while a call was running");
            case StackOverflowError e -> new CallStackExhaustedTrap();
            case RuntimeException e -> e;
            case Error e -> throw e;
            default -> new WasmException("unexpected exception from a call: " + thrown, thrown);
        };
        // a trap, or a host function's exception: either way the guest stopped midway; an uncaught Wasm
        // exception is not that: it unwound the guest by Wasm's own rules, and Wasm code may yet catch it
        if (!(failure instanceof ThrownWasmException)) trapped = true;
        if (failure instanceof InterruptedTrap && outermost && !closed) ctx.clearInterrupt();
        return failure;
    }
}
