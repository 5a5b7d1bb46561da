package dev.gatun.internal.model;

import java.util.List;

/** The type definitions of the type section: composite types inside sub types inside rec groups. */
public final class Types {
    private Types() {}

    /** A struct or array field: a storage type (value type or packed i8/i16) and mutability. */
    public record FieldType(ValType storage, boolean mutable) {}

    public sealed interface CompositeType permits FuncType, StructType, ArrayType {}

    public record FuncType(List<ValType> params, List<ValType> results) implements CompositeType {
        public FuncType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }

        @Override
        public String toString() {
            return params + " -> " + results;
        }
    }

    public record StructType(List<FieldType> fields) implements CompositeType {
        public StructType {
            fields = List.copyOf(fields);
        }
    }

    public record ArrayType(FieldType element) implements CompositeType {}

    /**
     * A type definition. {@code supertypes} are type indices (at most one in Wasm 3.0). A type written
     * without {@code sub} is final with no supertypes.
     */
    public record SubType(boolean isFinal, int[] supertypes, CompositeType composite) {
        public static SubType plain(CompositeType composite) {
            return new SubType(true, new int[0], composite);
        }
    }

    /** A recursion group: the types it defines take consecutive indices starting at {@code firstIndex}. */
    public record RecGroup(int firstIndex, List<SubType> types) {
        public RecGroup {
            types = List.copyOf(types);
        }
    }
}
