package dev.gatun.internal.runtime;

import dev.gatun.internal.model.Types.FuncType;

/**
 * An exception tag instance: its identity is what {@code catch} compares (two instantiations of one module
 * define different tags; an imported tag is the exporter's object). {@code type}'s params are the payload.
 */
public final class Tag {
    public final FuncType type;
    /** Canonical id of the tag's function type (for import matching). */
    public final int typeId;
    private final String name;

    public Tag(FuncType type, int typeId, String name) {
        this.type = type;
        this.typeId = typeId;
        this.name = name;
    }

    @Override
    public String toString() {
        return "tag " + name + " " + type;
    }
}
