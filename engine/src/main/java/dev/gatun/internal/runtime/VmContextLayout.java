package dev.gatun.internal.runtime;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides where things live in an instance's off-heap vmctx block. The block holds only
 * numbers (limits other threads write and compiled code polls, memory/table definitions, global values in
 * 16-byte slots, import records with handles); Java objects stay on the heap in {@link InstanceContext},
 * referenced from here by handle (an index into one of its arrays).
 *
 * <p>Offsets are computed here by plain arithmetic from the hand-written field offsets of {@link Field};
 * {@link #memoryLayout()} describes the same block as an FFM {@link MemoryLayout}, and the layout test checks
 * that both agree for every region, record and field, and that regions never overlap.
 *
 * <p>Regions, in order, each a sequence of equal records aligned to its record's alignment:
 * {@link Region#LIMITS} (exactly one record), defined memories, defined tables, defined globals (16-byte
 * slots, 16-aligned so a v128 fits later), then the import records of functions, globals, memories, tables.
 * Only exported numeric, v128 and reference globals use their slot: a numeric global the module defines and
 * does not export lives in a JVM array cell instead ({@link GlobalCells}: nobody outside the instance needs its
 * address, and compiled code reads an array cell far more cheaply than a segment), its slot reserved but unused
 * so the layout does not depend on the module's exports.
 * Every other record is 8-aligned (even the all-int ones) so fields can widen without moving regions.
 */
public final class VmContextLayout {

    /** A region of the block: a named sequence of records of one layout. */
    public enum Region {
        LIMITS("limits", MemoryLayout.structLayout(
                JAVA_INT.withName("interrupt"),
                JAVA_INT.withName("callDepthLimit"),
                JAVA_LONG.withName("fuel"),
                JAVA_LONG.withName("deadlineNanos"),
                JAVA_LONG.withName("epoch"))),
        MEMORIES("memories", MemoryLayout.structLayout(
                JAVA_LONG.withName("base"),
                JAVA_LONG.withName("byteLength"),
                JAVA_LONG.withName("maxByteLength"),
                JAVA_INT.withName("handle"),
                JAVA_INT.withName("flags"))),
        TABLES("tables", MemoryLayout.structLayout(
                JAVA_LONG.withName("size"),
                JAVA_LONG.withName("max"),
                JAVA_INT.withName("handle"),
                JAVA_INT.withName("elementKind"))),
        GLOBALS("globals", MemoryLayout.structLayout(
                JAVA_LONG.withName("low"),
                JAVA_LONG.withName("high")).withByteAlignment(16)),
        FUNCTION_IMPORTS("functionImports", MemoryLayout.structLayout(
                JAVA_INT.withName("handle"),
                JAVA_INT.withName("typeId")).withByteAlignment(8)),
        GLOBAL_IMPORTS("globalImports", MemoryLayout.structLayout(
                JAVA_LONG.withName("address"),
                JAVA_INT.withName("handle"),
                JAVA_INT.withName("valueKind"))),
        MEMORY_IMPORTS("memoryImports", MemoryLayout.structLayout(
                JAVA_INT.withName("handle"),
                JAVA_INT.withName("reserved")).withByteAlignment(8)),
        TABLE_IMPORTS("tableImports", MemoryLayout.structLayout(
                JAVA_INT.withName("handle"),
                JAVA_INT.withName("reserved")).withByteAlignment(8));

        public final String layoutName;
        public final StructLayout record;

        Region(String layoutName, StructLayout record) {
            this.layoutName = layoutName;
            this.record = record.withName(layoutName + "Record");
        }
    }

    /** Every field of every record, with its offset inside the record written out by hand. */
    public enum Field {
        INTERRUPT(Region.LIMITS, "interrupt", 0, JAVA_INT),
        CALL_DEPTH_LIMIT(Region.LIMITS, "callDepthLimit", 4, JAVA_INT),
        FUEL(Region.LIMITS, "fuel", 8, JAVA_LONG),
        DEADLINE_NANOS(Region.LIMITS, "deadlineNanos", 16, JAVA_LONG),
        EPOCH(Region.LIMITS, "epoch", 24, JAVA_LONG),
        MEMORY_BASE(Region.MEMORIES, "base", 0, JAVA_LONG),
        MEMORY_BYTE_LENGTH(Region.MEMORIES, "byteLength", 8, JAVA_LONG),
        MEMORY_MAX_BYTE_LENGTH(Region.MEMORIES, "maxByteLength", 16, JAVA_LONG),
        MEMORY_HANDLE(Region.MEMORIES, "handle", 24, JAVA_INT),
        MEMORY_FLAGS(Region.MEMORIES, "flags", 28, JAVA_INT),
        TABLE_SIZE(Region.TABLES, "size", 0, JAVA_LONG),
        TABLE_MAX(Region.TABLES, "max", 8, JAVA_LONG),
        TABLE_HANDLE(Region.TABLES, "handle", 16, JAVA_INT),
        TABLE_ELEMENT_KIND(Region.TABLES, "elementKind", 20, JAVA_INT),
        GLOBAL_LOW(Region.GLOBALS, "low", 0, JAVA_LONG),
        GLOBAL_HIGH(Region.GLOBALS, "high", 8, JAVA_LONG),
        FUNCTION_IMPORT_HANDLE(Region.FUNCTION_IMPORTS, "handle", 0, JAVA_INT),
        FUNCTION_IMPORT_TYPE_ID(Region.FUNCTION_IMPORTS, "typeId", 4, JAVA_INT),
        GLOBAL_IMPORT_ADDRESS(Region.GLOBAL_IMPORTS, "address", 0, JAVA_LONG),
        GLOBAL_IMPORT_HANDLE(Region.GLOBAL_IMPORTS, "handle", 8, JAVA_INT),
        GLOBAL_IMPORT_VALUE_KIND(Region.GLOBAL_IMPORTS, "valueKind", 12, JAVA_INT),
        MEMORY_IMPORT_HANDLE(Region.MEMORY_IMPORTS, "handle", 0, JAVA_INT),
        MEMORY_IMPORT_RESERVED(Region.MEMORY_IMPORTS, "reserved", 4, JAVA_INT),
        TABLE_IMPORT_HANDLE(Region.TABLE_IMPORTS, "handle", 0, JAVA_INT),
        TABLE_IMPORT_RESERVED(Region.TABLE_IMPORTS, "reserved", 4, JAVA_INT);

        public final Region region;
        public final String name;
        public final long offsetInRecord;
        public final ValueLayout type;

        Field(Region region, String name, long offsetInRecord, ValueLayout type) {
            this.region = region;
            this.name = name;
            this.offsetInRecord = offsetInRecord;
            this.type = type;
        }
    }

    /** Hand-written record sizes and alignments (checked against the struct layouts by the test). */
    static long recordSize(Region region) {
        return switch (region) {
            case LIMITS, MEMORIES -> 32;
            case TABLES -> 24;
            case GLOBALS, GLOBAL_IMPORTS -> 16;
            case FUNCTION_IMPORTS, MEMORY_IMPORTS, TABLE_IMPORTS -> 8;
        };
    }

    static long recordAlignment(Region region) {
        return region == Region.GLOBALS ? 16 : 8;
    }

    private final int[] counts = new int[Region.values().length];
    private final long[] regionOffsets = new long[Region.values().length];
    private final long size;
    private final MemoryLayout memoryLayout;

    /** Counts per region, in {@link Region} order except {@code LIMITS} (always one record). */
    public VmContextLayout(int memories, int tables, int globals, int functionImports, int globalImports,
                           int memoryImports, int tableImports) {
        int[] given = {1, memories, tables, globals, functionImports, globalImports, memoryImports, tableImports};
        long offset = 0;
        long maxAlignment = 1;
        List<MemoryLayout> members = new ArrayList<>();
        for (Region region : Region.values()) {
            int count = given[region.ordinal()];
            if (count < 0) throw new IllegalArgumentException("negative count for " + region);
            long alignment = recordAlignment(region);
            long aligned = alignUp(offset, alignment);
            if (aligned > offset) members.add(MemoryLayout.paddingLayout(aligned - offset));
            counts[region.ordinal()] = count;
            regionOffsets[region.ordinal()] = aligned;
            members.add(MemoryLayout.sequenceLayout(count, region.record).withName(region.layoutName));
            offset = Math.addExact(aligned, Math.multiplyExact(count, recordSize(region)));
            maxAlignment = Math.max(maxAlignment, alignment);
        }
        long total = alignUp(offset, maxAlignment);
        if (total > offset) members.add(MemoryLayout.paddingLayout(total - offset));
        this.size = total;
        this.memoryLayout = MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName("vmctx");
    }

    /** The layout for a module: defined entities get definitions, imported ones get import records. */
    public static VmContextLayout forModule(ModuleModel module) {
        return new VmContextLayout(module.memories().size(), module.tables().size(), module.globals().size(),
                module.importedCount(ExternKind.FUNC), module.importedCount(ExternKind.GLOBAL),
                module.importedCount(ExternKind.MEMORY), module.importedCount(ExternKind.TABLE));
    }

    private static long alignUp(long offset, long alignment) {
        return (offset + alignment - 1) & -alignment;
    }

    public int count(Region region) {
        return counts[region.ordinal()];
    }

    public long regionOffset(Region region) {
        return regionOffsets[region.ordinal()];
    }

    /** Byte offset of record {@code index} of {@code region}. */
    public long recordOffset(Region region, int index) {
        if (index < 0 || index >= counts[region.ordinal()]) {
            throw new IndexOutOfBoundsException(region + " record " + index + " of " + counts[region.ordinal()]);
        }
        return regionOffsets[region.ordinal()] + index * recordSize(region);
    }

    /** Byte offset of {@code field} in record {@code index} of the field's region. */
    public long offset(Field field, int index) {
        return recordOffset(field.region, index) + field.offsetInRecord;
    }

    /** Byte offset of a limits field (the limits region has exactly one record). */
    public long offset(Field field) {
        return offset(field, 0);
    }

    public long byteSize() {
        return size;
    }

    public long byteAlignment() {
        return 16;
    }

    /** The same block as an FFM layout: members named by {@link Region#layoutName}, fields by name. */
    public MemoryLayout memoryLayout() {
        return memoryLayout;
    }
}
