package dev.gatun;

import java.util.List;

/**
 * A WebAssembly exception tag (a tag definition of one instance, or an imported one): what {@code catch}
 * clauses match, by identity. Two instantiations of a module define different tags; an exported tag is the
 * same object wherever it is imported, so {@code thrown.tag() == instance.export("e")} tells which one was
 * thrown. Obtained from an instance's exports.
 */
public interface ExceptionTag {
    /** The payload's value types in text format ({@code i32}, {@code f64}, {@code (ref null $t)}, ...). */
    List<String> parameterTypes();
}
