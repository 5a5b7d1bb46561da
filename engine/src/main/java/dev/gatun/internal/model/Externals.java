package dev.gatun.internal.model;

/** Types of things a module imports, defines and exports. */
public final class Externals {
    private Externals() {}

    public enum ExternKind { FUNC, TABLE, MEMORY, GLOBAL, TAG }

    public sealed interface ExternType permits FuncRef, TableType, MemoryType, GlobalType, TagType {
        ExternKind kind();
    }

    /** An imported function, by its type index. */
    public record FuncRef(int typeIndex) implements ExternType {
        public ExternKind kind() { return ExternKind.FUNC; }
    }

    public record TableType(ValType element, Limits limits) implements ExternType {
        public ExternKind kind() { return ExternKind.TABLE; }
    }

    public record MemoryType(Limits limits) implements ExternType {
        public ExternKind kind() { return ExternKind.MEMORY; }
    }

    public record GlobalType(ValType type, boolean mutable) implements ExternType {
        public ExternKind kind() { return ExternKind.GLOBAL; }
    }

    /** An exception tag, by the index of its function type (whose results must be empty). */
    public record TagType(int typeIndex) implements ExternType {
        public ExternKind kind() { return ExternKind.TAG; }
    }
}
