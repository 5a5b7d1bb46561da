package dev.gatun;

/** The type of an import or export. */
public sealed interface ExternType {
    record Func(FuncType type) implements ExternType {
        @Override
        public String toString() {
            return "func " + type;
        }
    }

    /** @param maxPages -1 when unbounded */
    record Memory(long minPages, long maxPages) implements ExternType {
        @Override
        public String toString() {
            return "memory " + minPages + (maxPages < 0 ? "" : " " + maxPages);
        }
    }

    /** @param max -1 when unbounded */
    record Table(ValueType element, long min, long max) implements ExternType {
        @Override
        public String toString() {
            return "table " + min + (max < 0 ? "" : " " + max) + " " + element;
        }
    }

    record Global(ValueType type, boolean mutable) implements ExternType {
        @Override
        public String toString() {
            return "global " + (mutable ? "(mut " + type + ")" : type.toString());
        }
    }

    record Tag(FuncType type) implements ExternType {
        @Override
        public String toString() {
            return "tag " + type;
        }
    }
}
