package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.Aggregates;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;

/**
 * GC struct and array instructions (allocation, field and element access, length) as calls of
 * {@link Aggregates}; numbers cross as raw bits, packed i8/i16 values are extended on read. Types are
 * identified at run time by canonical type id, so casts work across modules.
 */
final class AggregateEmitter {
    private static final ClassDesc AGGREGATES = JvmTypes.desc(Aggregates.class);

    private final FunctionEmitter fn;
    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;

    AggregateEmitter(FunctionEmitter fn, CompilationUnit unit, CodeBuilder code, TypeStack stack) {
        this.fn = fn;
        this.unit = unit;
        this.code = code;
        this.stack = stack;
    }

    /** Emits {@code op} if it is a supported struct or array instruction; returns false otherwise. */
    boolean emit(Opcode op, CodeReader reader) {
        switch (op) {
            case STRUCT_NEW -> structNew(reader.index);
            case STRUCT_NEW_DEFAULT -> {
                code.loadConstant(typeId(reader.index));
                code.loadConstant(structType(reader.index).fields().size());
                code.invokestatic(AGGREGATES, "newStruct", MethodTypeDesc.of(CD_Object, CD_int, CD_int));
                stack.push(ValType.ref(false, reader.index));
            }
            case STRUCT_GET, STRUCT_GET_S, STRUCT_GET_U -> {
                FieldType field = structType(reader.index).fields().get(reader.index2);
                stack.pop();
                code.loadConstant(reader.index2);
                if (field.storage().isRef()) {
                    code.invokestatic(AGGREGATES, "getRef", MethodTypeDesc.of(CD_Object, CD_Object, CD_int));
                } else {
                    code.invokestatic(AGGREGATES, "getBits", MethodTypeDesc.of(CD_long, CD_Object, CD_int));
                    fromStorage(field.storage(), op == Opcode.STRUCT_GET_S);
                }
                stack.push(field.storage().unpacked());
            }
            case STRUCT_SET -> {
                FieldType field = structType(reader.index).fields().get(reader.index2);
                stack.popN(2);
                if (field.storage().isRef()) {
                    code.loadConstant(reader.index2);
                    code.invokestatic(AGGREGATES, "setRef", MethodTypeDesc.of(CD_void, CD_Object, CD_Object, CD_int));
                } else {
                    fn.toBits(field.storage().unpacked());
                    code.loadConstant(reader.index2);
                    code.invokestatic(AGGREGATES, "setBits", MethodTypeDesc.of(CD_void, CD_Object, CD_long, CD_int));
                }
            }
            case ARRAY_NEW -> {
                FieldType element = arrayType(reader.index).element();
                stack.popN(2);
                if (element.storage().isRef()) {
                    code.loadConstant(typeId(reader.index));
                    code.invokestatic(AGGREGATES, "newRefArray", MethodTypeDesc.of(CD_Object, CD_Object, CD_int, CD_int));
                } else {
                    // the initial value is below the length: convert it to bits with the length set aside
                    int length = fn.scratch(TypeKind.INT, 0);
                    code.istore(length);
                    fn.toBits(element.storage().unpacked());
                    code.iload(length);
                    code.loadConstant(typeId(reader.index));
                    code.invokestatic(AGGREGATES, "newArray", MethodTypeDesc.of(CD_Object, CD_long, CD_int, CD_int));
                }
                stack.push(ValType.ref(false, reader.index));
            }
            case ARRAY_NEW_DEFAULT -> {
                stack.pop();
                newDefaultArray(reader.index);
                stack.push(ValType.ref(false, reader.index));
            }
            case ARRAY_NEW_FIXED -> arrayNewFixed(reader.index, reader.index2);
            case ARRAY_GET, ARRAY_GET_S, ARRAY_GET_U -> {
                FieldType element = arrayType(reader.index).element();
                stack.popN(2);
                if (element.storage().isRef()) {
                    code.invokestatic(AGGREGATES, "arrayGetRef", MethodTypeDesc.of(CD_Object, CD_Object, CD_int));
                } else {
                    code.invokestatic(AGGREGATES, "arrayGetBits", MethodTypeDesc.of(CD_long, CD_Object, CD_int));
                    fromStorage(element.storage(), op == Opcode.ARRAY_GET_S);
                }
                stack.push(element.storage().unpacked());
            }
            case ARRAY_SET -> {
                FieldType element = arrayType(reader.index).element();
                stack.popN(3);
                if (element.storage().isRef()) {
                    code.invokestatic(AGGREGATES, "arraySetRef", MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_Object));
                } else {
                    fn.toBits(element.storage().unpacked());
                    code.invokestatic(AGGREGATES, "arraySetBits", MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_long));
                }
            }
            case ARRAY_FILL -> {
                ValType element = arrayType(reader.index).element().storage().unpacked();
                stack.popN(4);
                code.invokestatic(AGGREGATES, "arrayFill",
                        MethodTypeDesc.of(CD_void, CD_Object, CD_int, JvmTypes.classDesc(element), CD_int));
            }
            case ARRAY_COPY -> {
                stack.popN(5);
                code.invokestatic(AGGREGATES, "arrayCopy",
                        MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_Object, CD_int, CD_int));
            }
            case ARRAY_NEW_DATA -> {
                stack.popN(2);
                code.aload(fn.contextSlot());
                code.loadConstant(reader.index2);
                code.loadConstant(typeId(reader.index));
                code.loadConstant(elementBytes(reader.index));
                code.invokestatic(AGGREGATES, "arrayNewData",
                        MethodTypeDesc.of(CD_Object, CD_int, CD_int, JvmTypes.CONTEXT, CD_int, CD_int, CD_int));
                stack.push(ValType.ref(false, reader.index));
            }
            case ARRAY_NEW_ELEM -> {
                stack.popN(2);
                code.aload(fn.contextSlot());
                code.loadConstant(reader.index2);
                code.loadConstant(typeId(reader.index));
                code.invokestatic(AGGREGATES, "arrayNewElem",
                        MethodTypeDesc.of(CD_Object, CD_int, CD_int, JvmTypes.CONTEXT, CD_int, CD_int));
                stack.push(ValType.ref(false, reader.index));
            }
            case ARRAY_INIT_DATA -> {
                stack.popN(4);
                code.aload(fn.contextSlot());
                code.loadConstant(reader.index2);
                code.loadConstant(elementBytes(reader.index));
                code.invokestatic(AGGREGATES, "arrayInitData",
                        MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_int, CD_int, JvmTypes.CONTEXT, CD_int, CD_int));
            }
            case ARRAY_INIT_ELEM -> {
                stack.popN(4);
                code.aload(fn.contextSlot());
                code.loadConstant(reader.index2);
                code.invokestatic(AGGREGATES, "arrayInitElem",
                        MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_int, CD_int, JvmTypes.CONTEXT, CD_int));
            }
            case ARRAY_LEN -> {
                stack.pop();
                code.invokestatic(AGGREGATES, "arrayLength", MethodTypeDesc.of(CD_int, CD_Object));
                stack.push(ValType.I32);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void structNew(int typeIndex) {
        List<FieldType> fields = structType(typeIndex).fields();
        List<ValType> values = new ArrayList<>(fields.size());
        for (FieldType f : fields) values.add(f.storage().unpacked());
        int[] slots = fn.spill(values);
        int struct = fn.scratch(TypeKind.REFERENCE, (int) values.stream().filter(ValType::isRef).count());
        code.loadConstant(typeId(typeIndex));
        code.loadConstant(fields.size());
        code.invokestatic(AGGREGATES, "newStruct", MethodTypeDesc.of(CD_Object, CD_int, CD_int));
        code.astore(struct);
        for (int i = 0; i < values.size(); i++) {
            ValType t = values.get(i);
            code.aload(struct);
            code.loadConstant(i);
            code.loadLocal(JvmTypes.kind(t), slots[i]);
            if (t.isRef()) {
                code.invokestatic(AGGREGATES, "initRef", MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_Object));
            } else {
                fn.toBits(t);
                code.invokestatic(AGGREGATES, "initBits", MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_long));
            }
        }
        code.aload(struct);
        stack.popN(values.size());
        stack.push(ValType.ref(false, typeIndex));
    }

    private void arrayNewFixed(int typeIndex, int count) {
        ValType element = arrayType(typeIndex).element().storage().unpacked();
        List<ValType> values = java.util.Collections.nCopies(count, element);
        int[] slots = fn.spill(values);
        int array = fn.scratch(TypeKind.REFERENCE, element.isRef() ? count : 0);
        code.loadConstant(count);
        newDefaultArray(typeIndex);
        code.astore(array);
        for (int i = 0; i < count; i++) {
            code.aload(array);
            code.loadConstant(i);
            code.loadLocal(JvmTypes.kind(element), slots[i]);
            if (element.isRef()) {
                code.invokestatic(AGGREGATES, "arraySetRef", MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_Object));
            } else {
                fn.toBits(element);
                code.invokestatic(AGGREGATES, "arraySetBits", MethodTypeDesc.of(CD_void, CD_Object, CD_int, CD_long));
            }
        }
        code.aload(array);
        stack.popN(count);
        stack.push(ValType.ref(false, typeIndex));
    }

    /** Stack: length -> array with default elements. */
    private void newDefaultArray(int typeIndex) {
        code.loadConstant(typeId(typeIndex));
        code.loadConstant(arrayType(typeIndex).element().storage().isRef() ? 1 : 0);
        code.invokestatic(AGGREGATES, "newDefaultArray", MethodTypeDesc.of(CD_Object, CD_int, CD_int, CD_boolean));
    }

    /** Raw bits on the stack -> the value: packed storage is extended, others decoded. */
    private void fromStorage(ValType storage, boolean signed) {
        if (storage.isPacked()) {
            code.loadConstant(storage.kind() == ValType.Kind.I8 ? 8 : 16);
            code.loadConstant(signed ? 1 : 0);
            code.invokestatic(AGGREGATES, "unpack", MethodTypeDesc.of(CD_int, CD_long, CD_int, CD_boolean));
        } else {
            fn.fromBits(storage);
        }
    }

    /** Bytes per element of a numeric array type, as stored in data segments. */
    private int elementBytes(int typeIndex) {
        ValType storage = arrayType(typeIndex).element().storage();
        return switch (storage.kind()) {
            case I8 -> 1;
            case I16 -> 2;
            case I32, F32 -> 4;
            default -> 8;
        };
    }

    private int typeId(int typeIndex) {
        return unit.validated.canonicalTypeId(typeIndex);
    }

    private StructType structType(int typeIndex) {
        return (StructType) unit.module.types().get(typeIndex).composite();
    }

    private ArrayType arrayType(int typeIndex) {
        return (ArrayType) unit.module.types().get(typeIndex).composite();
    }
}
