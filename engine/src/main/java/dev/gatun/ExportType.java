package dev.gatun;

/** One export of a module, with its type. */
public record ExportType(String name, ExternType type) {
    @Override
    public String toString() {
        return name + ": " + type;
    }
}
