package dev.gatun.internal.binary;

import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Externals.TagType;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ValType;

/** Reads the types of importable and definable entities: limits, tables, memories, globals, tags. */
final class ExternTypeReader {
    private ExternTypeReader() {}

    private static final int HAS_MAX = 0x01;
    private static final int SHARED = 0x02;
    private static final int ADDRESS_64 = 0x04;

    static TableType readTableType(BinaryReader in) {
        ValType element = in.readRefType();
        Limits limits = readLimits(in, false);
        return new TableType(element, limits);
    }

    static MemoryType readMemoryType(BinaryReader in) {
        return new MemoryType(readLimits(in, true));
    }

    static GlobalType readGlobalType(BinaryReader in) {
        ValType type = in.readValType();
        return new GlobalType(type, readMutability(in));
    }

    static TagType readTagType(BinaryReader in) {
        int at = in.position();
        int attribute = in.readByte();
        // The only tag attribute is 0 (exception).
        if (attribute != 0) throw in.error("malformed tag attribute 0x" + Integer.toHexString(attribute), at);
        return new TagType(in.readIndex());
    }

    /** A mutability byte: 0 const, 1 var. */
    static boolean readMutability(BinaryReader in) {
        int at = in.position();
        int b = in.readByte();
        if (b > 1) throw in.error("malformed mutability 0x" + Integer.toHexString(b), at);
        return b == 1;
    }

    /**
     * Limits: a flags byte (bit 0 max present, bit 1 shared (memories only), bit 2 64-bit addresses), then the
     * minimum and optional maximum (u64; values of 2^63 and more come out negative).
     */
    static Limits readLimits(BinaryReader in, boolean memory) {
        int at = in.position();
        int flags = in.readByte();
        int allowed = HAS_MAX | ADDRESS_64 | (memory ? SHARED : 0);
        if ((flags & ~allowed) != 0) {
            throw in.error("malformed limits flags 0x" + Integer.toHexString(flags), at);
        }
        boolean is64 = (flags & ADDRESS_64) != 0;
        // Both bounds are u64 whatever the address type; the validator checks their range.
        long min = in.readU64();
        long max = (flags & HAS_MAX) != 0 ? in.readU64() : -1;
        return new Limits(min, max, (flags & SHARED) != 0, is64);
    }
}
