package dev.gatun.internal.validate;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.ValType;

/** Resolves the indices an instruction names, failing with the spec's "unknown ..." errors. */
final class IndexResolver {
    private final ModuleContext module;
    private final TypeContext types;
    private final OperandStack.Errors errors;

    IndexResolver(ModuleContext module, OperandStack.Errors errors) {
        this.module = module;
        this.types = module.types;
        this.errors = errors;
    }

    private InvalidModuleException error(String message) {
        return errors.error(message);
    }

    FuncType funcType(int typeIndex) {
        if (!types.exists(typeIndex)) throw error("unknown type " + Integer.toUnsignedString(typeIndex));
        if (!(types.composite(typeIndex) instanceof FuncType f)) throw error("type mismatch: type " + typeIndex + " is not a function type");
        return f;
    }

    StructType structType(int typeIndex) {
        if (!types.exists(typeIndex)) throw error("unknown type " + Integer.toUnsignedString(typeIndex));
        if (!(types.composite(typeIndex) instanceof StructType s)) throw error("type mismatch: type " + typeIndex + " is not a struct type");
        return s;
    }

    ArrayType arrayType(int typeIndex) {
        if (!types.exists(typeIndex)) throw error("unknown type " + Integer.toUnsignedString(typeIndex));
        if (!(types.composite(typeIndex) instanceof ArrayType a)) throw error("type mismatch: type " + typeIndex + " is not an array type");
        return a;
    }

    FieldType mutableArray(int typeIndex) {
        FieldType e = arrayType(typeIndex).element();
        if (!e.mutable()) throw error("immutable array " + typeIndex);
        return e;
    }

    FieldType field(StructType s, int index) {
        if (index < 0 || index >= s.fields().size()) throw error("unknown field " + Integer.toUnsignedString(index));
        return s.fields().get(index);
    }

    FuncType function(int index) {
        if (!module.hasFunction(index)) throw error("unknown function " + Integer.toUnsignedString(index));
        return module.functionType(index);
    }

    FuncType tagType(int index) {
        if (index < 0 || index >= module.tagTypes.length) throw error("unknown tag " + Integer.toUnsignedString(index));
        return funcType(module.tagTypes[index]);
    }

    GlobalType global(int index) {
        if (index < 0 || index >= module.globals.size()) throw error("unknown global " + Integer.toUnsignedString(index));
        return module.globals.get(index);
    }

    TableType table(int index) {
        if (index < 0 || index >= module.tables.size()) throw error("unknown table " + Integer.toUnsignedString(index));
        return module.tables.get(index);
    }

    MemoryType memory(int index) {
        if (index < 0 || index >= module.memories.size()) throw error("unknown memory " + Integer.toUnsignedString(index));
        return module.memories.get(index);
    }

    ValType elementSegment(int index) {
        if (index < 0 || index >= module.elementTypes.length) throw error("unknown elem segment " + Integer.toUnsignedString(index));
        return module.elementTypes[index];
    }

    void dataSegment(int index) {
        if (index < 0 || index >= module.dataSegments) throw error("unknown data segment " + Integer.toUnsignedString(index));
    }

    ValType validType(ValType t) {
        if (!types.isValid(t)) throw error("unknown type " + t.heapType());
        return t;
    }

    int validHeapType(int heapType) {
        if (!types.isValidHeapType(heapType)) throw error("unknown type " + heapType);
        return heapType;
    }
}
