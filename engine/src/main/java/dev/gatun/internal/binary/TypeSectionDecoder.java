package dev.gatun.internal.binary;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.CompositeType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.Types.SubType;
import dev.gatun.internal.model.ValType;
import java.util.ArrayList;
import java.util.List;

/** Decodes the type section: rec groups of sub types of function, struct and array types. */
final class TypeSectionDecoder {
    private TypeSectionDecoder() {}

    private static final int REC = 0x4E;
    private static final int SUB = 0x50;
    private static final int SUB_FINAL = 0x4F;
    private static final int FUNC = 0x60;
    private static final int STRUCT = 0x5F;
    private static final int ARRAY = 0x5E;

    static void decode(BinaryReader in, ModuleModel.Builder module) {
        int count = in.readCount("rec group");
        for (int i = 0; i < count; i++) {
            if (in.peekByte() == REC) {
                in.readByte();
                int size = in.readCount("rec group member");
                List<SubType> group = new ArrayList<>();
                for (int j = 0; j < size; j++) group.add(readSubType(in));
                module.addRecGroup(group);
            } else {
                module.addRecGroup(List.of(readSubType(in)));
            }
        }
    }

    private static SubType readSubType(BinaryReader in) {
        int form = in.peekByte();
        if (form != SUB && form != SUB_FINAL) return SubType.plain(readCompositeType(in));
        in.readByte();
        int count = in.readCount("supertype");
        int[] supertypes = new int[count];
        for (int i = 0; i < count; i++) supertypes[i] = in.readIndex();
        return new SubType(form == SUB_FINAL, supertypes, readCompositeType(in));
    }

    private static CompositeType readCompositeType(BinaryReader in) {
        int at = in.position();
        int form = in.readByte();
        return switch (form) {
            case FUNC -> new FuncType(readResultType(in), readResultType(in));
            case STRUCT -> {
                int count = in.readCount("struct field");
                List<FieldType> fields = new ArrayList<>();
                for (int i = 0; i < count; i++) fields.add(readFieldType(in));
                yield new StructType(fields);
            }
            case ARRAY -> new ArrayType(readFieldType(in));
            // The form is a one-byte signed LEB128 in the reference interpreter, hence its wording.
            default -> throw in.error(((form & 0x80) != 0 ? "integer representation too long: " : "")
                    + "malformed type form 0x" + Integer.toHexString(form)
                    + " (expected func 0x60, struct 0x5f or array 0x5e)", at);
        };
    }

    private static List<ValType> readResultType(BinaryReader in) {
        int count = in.readCount("value type");
        List<ValType> types = new ArrayList<>();
        for (int i = 0; i < count; i++) types.add(in.readValType());
        return types;
    }

    private static FieldType readFieldType(BinaryReader in) {
        ValType storage = in.readStorageType();
        return new FieldType(storage, ExternTypeReader.readMutability(in));
    }
}
