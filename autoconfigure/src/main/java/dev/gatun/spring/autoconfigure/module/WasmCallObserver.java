package dev.gatun.spring.autoconfigure.module;

/** Told about every finished call into a module (metrics, logging). */
public interface WasmCallObserver {
    void called(WasmCallRecord call);
}
