package dev.gatun.spring.autoconfigure.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/** Registers the {@link WasmModule} interfaces of the given packages as beans. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(WasmFunctionsRegistrar.class)
public @interface EnableWasmFunctions {
    /** Packages to scan; defaults to the annotated class's package. */
    String[] basePackages() default {};

    /** Type-safe alternative to {@link #basePackages()}. */
    Class<?>[] basePackageClasses() default {};
}
