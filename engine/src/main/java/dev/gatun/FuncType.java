package dev.gatun;

import dev.gatun.internal.model.ValType;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.stream.Collectors;

/** A function type: parameter and result types. */
public record FuncType(List<ValueType> params, List<ValueType> results) {
    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    public static FuncType of(List<ValueType> params, List<ValueType> results) {
        return new FuncType(params, results);
    }

    static FuncType of(dev.gatun.internal.model.Types.FuncType type) {
        return new FuncType(type.params().stream().map(ValueType::of).toList(),
                type.results().stream().map(ValueType::of).toList());
    }

    dev.gatun.internal.model.Types.FuncType internal() {
        List<ValType> p = params.stream().map(ValueType::internal).toList();
        List<ValType> r = results.stream().map(ValueType::internal).toList();
        return new dev.gatun.internal.model.Types.FuncType(p, r);
    }

    /** The exact Java type of a typed handle: params, first result (or void); several results need the generic call. */
    public MethodType methodType() {
        Class<?>[] p = new Class<?>[params.size()];
        for (int i = 0; i < p.length; i++) p[i] = params.get(i).javaType();
        return MethodType.methodType(results.isEmpty() ? void.class : results.getFirst().javaType(), p);
    }

    @Override
    public String toString() {
        return list(params) + " -> " + list(results);
    }

    private static String list(List<ValueType> types) {
        return types.stream().map(ValueType::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
