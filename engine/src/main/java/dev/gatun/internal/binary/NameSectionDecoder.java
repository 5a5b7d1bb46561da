package dev.gatun.internal.binary;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.ModuleModel;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code name} custom section (module, function and local names). The section is only debugging
 * information: when it is malformed it is ignored as a whole, and the module still decodes.
 */
final class NameSectionDecoder {
    private NameSectionDecoder() {}

    private static final int MODULE_NAME = 0;
    private static final int FUNCTION_NAMES = 1;
    private static final int LOCAL_NAMES = 2;

    /** Fills the builder's names from the section's payload, or leaves them untouched if it is malformed. */
    static void decode(ByteSlice payload, ModuleModel.Builder module) {
        String moduleName = null;
        Map<Integer, String> functions = new HashMap<>();
        Map<Integer, Map<Integer, String>> locals = new HashMap<>();
        try {
            BinaryReader in = new BinaryReader(payload);
            int lastId = -1;
            while (!in.atEnd()) {
                int id = in.readByte();
                // Subsections are in increasing id order, each at most once.
                if (id <= lastId) return;
                lastId = id;
                long size = in.readU32Long();
                BinaryReader sub = new BinaryReader(in.readSlice(size));
                switch (id) {
                    case MODULE_NAME -> moduleName = sub.readName();
                    case FUNCTION_NAMES -> readNameMap(sub, functions);
                    case LOCAL_NAMES -> {
                        int count = sub.readCount("function");
                        for (int i = 0; i < count; i++) {
                            int function = sub.readIndex();
                            Map<Integer, String> names = new HashMap<>();
                            readNameMap(sub, names);
                            locals.put(function, Map.copyOf(names));
                        }
                    }
                    default -> sub.position(sub.limit()); // other subsections (labels, types, ...) are skipped
                }
                if (!sub.atEnd()) return;
            }
        } catch (MalformedModuleException e) {
            return; // a broken name section only loses names
        }
        module.moduleName = moduleName;
        module.functionNames.putAll(functions);
        module.localNames.putAll(locals);
    }

    private static void readNameMap(BinaryReader in, Map<Integer, String> into) {
        int count = in.readCount("name");
        for (int i = 0; i < count; i++) {
            int index = in.readIndex();
            into.put(index, in.readName());
        }
    }
}
