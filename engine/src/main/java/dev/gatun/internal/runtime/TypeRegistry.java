package dev.gatun.internal.runtime;

import dev.gatun.internal.model.Types.FuncType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interns function types JVM-wide so that a {@code call_indirect} signature check is one int comparison,
 * across instances and modules. Structural equality of {@link FuncType} is exact for numeric and abstract
 * reference types; concrete (type-index) references need rec-group canonicalization, which the GC work will
 * add here (keyed by canonical rec group instead of the raw type).
 */
public final class TypeRegistry {
    private TypeRegistry() {}

    private static final ConcurrentHashMap<FuncType, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    public static int idOf(FuncType type) {
        Integer id = IDS.get(type);
        if (id != null) return id;
        return IDS.computeIfAbsent(type, t -> NEXT.getAndIncrement());
    }
}
