package dev.gatun;

/** One import of a module: where it comes from and what type it must have. */
public record ImportType(String module, String name, ExternType type) {
    @Override
    public String toString() {
        return module + "." + name + ": " + type;
    }
}
