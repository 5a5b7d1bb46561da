package dev.gatun;

import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.Tag;
import dev.gatun.internal.runtime.ThrownException;
import java.util.Arrays;
import java.util.List;

/**
 * A WebAssembly exception (from {@code throw}, {@code throw_ref} or legacy {@code rethrow}) seen from Java:
 * its {@link #tag()} and {@link #payload()}. The same object is the {@code exnref} value inside Wasm, so its
 * identity survives every crossing. How it crosses the boundary between Wasm and Java:
 *
 * <ul>
 *   <li><b>Uncaught in Wasm.</b> An exception that no {@code try_table}/{@code try} handler catches leaves the
 *       exported function the embedder called ({@link Function#call} and the typed views) as this exception.
 *       It is not a trap: the instance stays usable and {@link Instance#hasTrapped()} stays false.
 *   <li><b>Thrown by a host function.</b> A host function may throw {@link #create(ExceptionTag, Object...)}
 *       with a tag it got from an instance's exports ({@link Instance#tag}); to the Wasm code that called the host function this is
 *       exactly a {@code throw} of that tag at the call site: {@code catch $tag}, {@code catch_ref},
 *       {@code catch_all} and legacy {@code catch} handlers see it, with the payload.
 *   <li><b>Through a host frame.</b> When Wasm calls a host function that calls back into Wasm, and the inner
 *       Wasm code throws, the exception propagates through the host function unchanged (unless the host
 *       catches it) and the outer Wasm code can catch it. A host that catches it may inspect it and rethrow the
 *       same object, which the outer Wasm code then sees as the original exception ({@code throw_ref} of a
 *       caught {@code exnref} gives the same identity).
 *   <li><b>Other Java exceptions are not Wasm exceptions.</b> Traps ({@link WasmTrap}) and any other Java
 *       exception a host function throws pass through Wasm code untouched: no Wasm handler, not even
 *       {@code catch_all}, catches them, and they reach the embedder as they were thrown.
 * </ul>
 *
 * <p>No stack trace is recorded: inside Wasm this is control flow, and its cost must not depend on the depth of
 * the Java stack.
 */
public abstract sealed class ThrownWasmException extends WasmException permits ThrownException {
    protected ThrownWasmException(String message) {
        super(message);
    }

    /** The tag the exception was thrown with. */
    public abstract ExceptionTag tag();

    /**
     * The payload (the tag's parameters) boxed like API values: Integer, Long, Float, Double (exact bits) or a
     * reference (null for a null reference).
     */
    public abstract Object[] payload();

    /** The payload as typed {@link Value}s, as the embedding API's calls return them. */
    public final Value[] payloadValues() {
        Object[] boxed = payload();
        List<ValType> types = ((Tag) tag()).type.params();
        Value[] values = new Value[boxed.length];
        for (int i = 0; i < values.length; i++) values[i] = Value.fromBoxed(ValueType.of(types.get(i)), boxed[i]);
        return values;
    }

    /**
     * A Wasm exception for a host function to throw into the Wasm code that called it.
     *
     * @param tag a tag from an instance (an export), whose parameters the payload must match
     * @param payload one boxed value per tag parameter
     * @throws IllegalArgumentException for a tag not made by Gatun, or a payload that does not fit the tag
     */
    public static ThrownWasmException create(ExceptionTag tag, Object... payload) {
        if (!(tag instanceof Tag runtimeTag)) {
            throw new IllegalArgumentException("not a tag of a Gatun instance: " + tag);
        }
        return ThrownException.of(runtimeTag, payload);
    }

    @Override
    public String getMessage() {
        return "uncaught Wasm exception: " + tag() + " with payload " + Arrays.toString(payload());
    }
}
