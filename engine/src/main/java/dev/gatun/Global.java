package dev.gatun;

import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.runtime.WasmGlobal;

/** A global: an instance's export, or a host-created one to import. */
public final class Global {
    final WasmGlobal global;

    Global(WasmGlobal global) {
        this.global = global;
    }

    /** A host global of a number type or externref/funcref, with its initial value. */
    public static Global create(ValueType type, boolean mutable, Value initial) {
        if (initial.type() != type) throw new IllegalArgumentException("initial value " + initial + " is not a " + type);
        return new Global(WasmGlobal.host(new GlobalType(type.internal(), mutable), initial.boxed()));
    }

    public ValueType type() {
        return ValueType.of(global.type.type());
    }

    public boolean mutable() {
        return global.type.mutable();
    }

    public Value get() {
        return Value.fromBoxed(type(), global.value());
    }

    /** Sets a mutable global; the value must have the global's type. */
    public void set(Value value) {
        if (!mutable()) throw new IllegalStateException("global is immutable");
        if (value.type() != type()) throw new IllegalArgumentException("global of type " + type() + " cannot hold " + value);
        global.setValue(value.boxed());
    }

    ExternType.Global externType() {
        return new ExternType.Global(type(), mutable());
    }
}
