package dev.gatun.spring.autoconfigure.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose {@link WasmFunction} methods call exports of the configured module of this name.
 * Such interfaces in the auto-configuration packages (or in {@link EnableWasmFunctions} packages) become beans.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmModule {
    /** Name of the module: a key of {@code gatun.modules} or a file in {@code gatun.modules-dir}. */
    String value();
}
