package dev.gatun.spring.autoconfigure.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A method of a {@link WasmModule} interface that calls the module's exported function. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmFunction {
    /** The export's name; defaults to the method's name. */
    String value() default "";
}
