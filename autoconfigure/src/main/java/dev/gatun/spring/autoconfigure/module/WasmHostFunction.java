package dev.gatun.spring.autoconfigure.module;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a host function that Wasm modules can import as {@code module.name}.
 * Parameters and result are {@code int}/{@code long}/{@code float}/{@code double} (i32/i64/f32/f64); an
 * optional first {@code dev.gatun.Caller} parameter gives access to the calling instance's memory.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmHostFunction {
    /** The import's module name. */
    String module() default "env";

    /** The import's field name; defaults to the method name. */
    String name() default "";
}
