package dev.gatun.internal.runtime;

import dev.gatun.NullReferenceTrap;
import dev.gatun.ThrownWasmException;
import dev.gatun.internal.model.ValType;
import java.util.List;

/**
 * A Wasm exception ({@code throw}) travelling as a JVM exception; it is also the exnref value that
 * {@code catch_ref} hands out and {@code throw_ref} rethrows. The payload (the tag's params) is kept like
 * multi-value results: numbers as raw bits, references apart. Traps are not Wasm exceptions and are never
 * caught by {@code try_table}. Its public face, and the rules for crossing host functions, are
 * {@link ThrownWasmException}'s.
 */
public final class ThrownException extends ThrownWasmException {
    public final Tag tag;
    public final long[] bits;
    public final Object[] refs;

    private ThrownException(Tag tag) {
        super("uncaught Wasm exception (" + tag + ")"); // getMessage() adds the payload
        this.tag = tag;
        int n = tag.type.params().size();
        this.bits = new long[n];
        this.refs = new Object[n];
    }

    /** For compiled {@code throw}: a new exception of {@code tag}, payload filled in by the caller. */
    public static ThrownException create(Tag tag) {
        return new ThrownException(tag);
    }

    /** For host functions (through {@link ThrownWasmException#create}): checks the payload against the tag. */
    public static ThrownException of(Tag tag, Object[] payload) {
        List<ValType> params = tag.type.params();
        if (payload == null || payload.length != params.size()) {
            throw new IllegalArgumentException(tag + " takes " + params.size() + " payload values, got "
                    + (payload == null ? "null" : payload.length));
        }
        ThrownException thrown = new ThrownException(tag);
        for (int i = 0; i < payload.length; i++) {
            ValType t = params.get(i);
            Values.check(t, payload[i], "payload value " + i);
            if (t.isRef()) thrown.refs[i] = payload[i];
            else thrown.bits[i] = Values.toBits(t, payload[i]);
        }
        return thrown;
    }

    /** For compiled {@code throw_ref}: the exception itself, or a trap for null. */
    public static ThrownException rethrow(Object exnref) {
        if (exnref == null) throw new NullReferenceTrap();
        return (ThrownException) exnref;
    }

    @Override
    public Tag tag() {
        return tag;
    }

    @Override
    public Object[] payload() {
        return values();
    }

    /** The payload boxed like API values. */
    public Object[] values() {
        Object[] values = new Object[bits.length];
        for (int i = 0; i < values.length; i++) {
            ValType t = tag.type.params().get(i);
            values[i] = dev.gatun.internal.compile.JvmTypes.isObject(t) ? refs[i] : Values.fromBits(t, bits[i]);
        }
        return values;
    }

    /** Control flow for Wasm code: no stack walk. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
