package dev.gatun.internal.binary;

import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.Externals.ExternType;
import dev.gatun.internal.model.Externals.FuncRef;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.Export;
import dev.gatun.internal.model.ModuleModel.GlobalDef;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.model.ModuleModel.TableDef;

/**
 * Decodes the sections that declare a module's entities and their interface: import, function, table,
 * memory, tag, global, export and start.
 */
final class DeclarationDecoder {
    private DeclarationDecoder() {}

    static void decodeImports(BinaryReader in, ModuleModel.Builder module) {
        int count = in.readCount("import");
        for (int i = 0; i < count; i++) {
            String moduleName = in.readName();
            String name = in.readName();
            int at = in.position();
            int kind = in.readByte();
            ExternType type = switch (kind) {
                case 0 -> new FuncRef(in.readIndex());
                case 1 -> ExternTypeReader.readTableType(in);
                case 2 -> ExternTypeReader.readMemoryType(in);
                case 3 -> ExternTypeReader.readGlobalType(in);
                case 4 -> ExternTypeReader.readTagType(in);
                default -> throw in.error("malformed import kind 0x" + Integer.toHexString(kind)
                        + " in import " + i, at);
            };
            module.imports.add(new Import(moduleName, name, type));
        }
    }

    static void decodeFunctions(BinaryReader in, ModuleModel.Builder module) {
        int count = in.readCount("function");
        for (int i = 0; i < count; i++) module.functionTypes.add(in.readIndex());
    }

    static void decodeTables(BinaryReader in, ModuleModel.Builder module, StructureChecker checker) {
        int count = in.readCount("table");
        for (int i = 0; i < count; i++) {
            if (in.peekByte() == 0x40) {
                // 0x40 0x00 tabletype expr: a table with an explicit initializer
                in.readByte();
                int at = in.position();
                if (in.readByte() != 0) throw in.error("malformed table: 0x00 expected after 0x40", at);
                TableType type = ExternTypeReader.readTableType(in);
                ByteSlice init = checker.readExpression(in, "initializer of table " + i);
                module.tables.add(new TableDef(type, init));
            } else {
                module.tables.add(new TableDef(ExternTypeReader.readTableType(in), null));
            }
        }
    }

    static void decodeMemories(BinaryReader in, ModuleModel.Builder module) {
        int count = in.readCount("memory");
        for (int i = 0; i < count; i++) module.memories.add(ExternTypeReader.readMemoryType(in));
    }

    static void decodeTags(BinaryReader in, ModuleModel.Builder module) {
        int count = in.readCount("tag");
        for (int i = 0; i < count; i++) module.tags.add(ExternTypeReader.readTagType(in));
    }

    static void decodeGlobals(BinaryReader in, ModuleModel.Builder module, StructureChecker checker) {
        int count = in.readCount("global");
        for (int i = 0; i < count; i++) {
            GlobalType type = ExternTypeReader.readGlobalType(in);
            ByteSlice init = checker.readExpression(in, "initializer of global " + i);
            module.globals.add(new GlobalDef(type, init));
        }
    }

    static void decodeExports(BinaryReader in, ModuleModel.Builder module) {
        int count = in.readCount("export");
        for (int i = 0; i < count; i++) {
            String name = in.readName();
            int at = in.position();
            int kindByte = in.readByte();
            ExternKind kind = switch (kindByte) {
                case 0 -> ExternKind.FUNC;
                case 1 -> ExternKind.TABLE;
                case 2 -> ExternKind.MEMORY;
                case 3 -> ExternKind.GLOBAL;
                case 4 -> ExternKind.TAG;
                default -> throw in.error("malformed export kind 0x" + Integer.toHexString(kindByte)
                        + " in export " + i, at);
            };
            module.exports.add(new Export(name, kind, in.readIndex()));
        }
    }

    static void decodeStart(BinaryReader in, ModuleModel.Builder module) {
        module.start = in.readIndex();
    }
}
