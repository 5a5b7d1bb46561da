package dev.gatun.internal.model;

import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.Externals.ExternType;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Externals.TagType;
import dev.gatun.internal.model.Types.RecGroup;
import dev.gatun.internal.model.Types.SubType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded (or parsed) module, before validation: the shared currency of the decoder, the text parser, the
 * validator and the compiler. Instruction sequences stay in their binary encoding ({@link ByteSlice}) and
 * are read with the binary package's code reader; the text parser encodes to the same bytes.
 *
 * <p>Index spaces follow the spec: imported functions/tables/memories/globals/tags come first, then the
 * defined ones. {@code types} is flat (one entry per type index); {@code recGroups} records how the type
 * section grouped them.
 */
public record ModuleModel(
        List<RecGroup> recGroups,
        List<SubType> types,
        List<Import> imports,
        /* type index of each defined function */
        int[] functionTypes,
        List<TableDef> tables,
        List<MemoryType> memories,
        List<GlobalDef> globals,
        List<TagType> tags,
        List<Export> exports,
        /* start function index, or -1 */
        int start,
        List<ElementSegment> elements,
        /* count from the data count section, or -1 when absent */
        int dataCount,
        List<FunctionBody> bodies,
        List<DataSegment> datas,
        List<CustomSection> customSections,
        Names names) {

    public record Import(String module, String name, ExternType type) {}

    public record Export(String name, ExternKind kind, int index) {}

    /** A defined table; {@code init} is the initializer expression, or null for the default (null). */
    public record TableDef(TableType type, ByteSlice init) {}

    public record GlobalDef(GlobalType type, ByteSlice init) {}

    public enum SegmentMode { ACTIVE, PASSIVE, DECLARATIVE }

    /**
     * An element segment. Exactly one of {@code functionIndices} (the compact funcidx encodings) and
     * {@code initExprs} (constant expressions, each ending in {@code end}) is non-null.
     */
    public record ElementSegment(SegmentMode mode, int tableIndex, ByteSlice offset, ValType type,
                                 int[] functionIndices, List<ByteSlice> initExprs) {
        public int size() {
            return functionIndices != null ? functionIndices.length : initExprs.size();
        }
    }

    public record DataSegment(SegmentMode mode, int memoryIndex, ByteSlice offset, ByteSlice bytes) {}

    /** Run-length encoded locals, as in the binary format (counts may be large; expand with care). */
    public record Locals(long count, ValType type) {}

    /**
     * A function body: locals and the instruction bytes including the final {@code end}.
     * {@code code.offset()} is the byte offset in the module binary for decoded modules.
     */
    public record FunctionBody(List<Locals> locals, ByteSlice code) {}

    public record CustomSection(String name, ByteSlice data, int sectionOffset) {}

    /** What the {@code name} custom section said (empty maps when absent or unparseable). */
    public record Names(String moduleName, Map<Integer, String> functions,
                        Map<Integer, Map<Integer, String>> locals) {
        public static final Names NONE = new Names(null, Map.of(), Map.of());
    }

    // ---- derived index-space helpers ----

    public int importedCount(ExternKind kind) {
        int n = 0;
        for (Import i : imports) {
            if (i.type().kind() == kind) n++;
        }
        return n;
    }

    public int functionCount() {
        return importedCount(ExternKind.FUNC) + functionTypes.length;
    }

    /** Mutable builder used by the decoder and the text parser. */
    public static final class Builder {
        public final List<RecGroup> recGroups = new ArrayList<>();
        public final List<SubType> types = new ArrayList<>();
        public final List<Import> imports = new ArrayList<>();
        public final List<Integer> functionTypes = new ArrayList<>();
        public final List<TableDef> tables = new ArrayList<>();
        public final List<MemoryType> memories = new ArrayList<>();
        public final List<GlobalDef> globals = new ArrayList<>();
        public final List<TagType> tags = new ArrayList<>();
        public final List<Export> exports = new ArrayList<>();
        public int start = -1;
        public final List<ElementSegment> elements = new ArrayList<>();
        public int dataCount = -1;
        public final List<FunctionBody> bodies = new ArrayList<>();
        public final List<DataSegment> datas = new ArrayList<>();
        public final List<CustomSection> customSections = new ArrayList<>();
        public String moduleName;
        public final Map<Integer, String> functionNames = new HashMap<>();
        public final Map<Integer, Map<Integer, String>> localNames = new HashMap<>();

        /** Appends a rec group; its types get the next indices. */
        public void addRecGroup(List<SubType> group) {
            recGroups.add(new RecGroup(types.size(), group));
            types.addAll(group);
        }

        public ModuleModel build() {
            return new ModuleModel(List.copyOf(recGroups), List.copyOf(types), List.copyOf(imports),
                    functionTypes.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(tables),
                    List.copyOf(memories), List.copyOf(globals), List.copyOf(tags), List.copyOf(exports), start,
                    List.copyOf(elements), dataCount, List.copyOf(bodies), List.copyOf(datas),
                    List.copyOf(customSections),
                    new Names(moduleName, Map.copyOf(functionNames), Map.copyOf(localNames)));
        }
    }
}
