package dev.gatun.internal.runtime;

/**
 * A function implemented by the host, for imports. Arguments and results are boxed Wasm values (Integer,
 * Long, Float, Double with exact bits, or references); return null or an empty array for no results.
 */
@FunctionalInterface
public interface HostFunction {
    Object[] call(Object[] args);
}
