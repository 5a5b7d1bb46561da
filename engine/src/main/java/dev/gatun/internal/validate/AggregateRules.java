package dev.gatun.internal.validate;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.ValType;
import java.util.List;

/** Typing of the GC aggregate instructions: struct.*, array.* and i31. */
final class AggregateRules {
    private static final ValType NON_NULL_I31 = ValType.ref(false, HeapType.I31);

    private final TypeContext types;
    private final OperandStack stack;
    private final IndexResolver resolve;
    private final OperandStack.Errors errors;

    AggregateRules(TypeContext types, OperandStack stack, IndexResolver resolve, OperandStack.Errors errors) {
        this.types = types;
        this.stack = stack;
        this.resolve = resolve;
        this.errors = errors;
    }

    void validate(Opcode op, CodeReader r) {
        switch (op) {
            case REF_I31 -> {
                stack.pop(ValType.I32);
                stack.push(NON_NULL_I31);
            }
            case I31_GET_S, I31_GET_U -> {
                stack.pop(ValType.I31REF);
                stack.push(ValType.I32);
            }
            case STRUCT_NEW -> {
                List<FieldType> fields = resolve.structType(r.index).fields();
                for (int i = fields.size() - 1; i >= 0; i--) stack.pop(fields.get(i).storage().unpacked());
                stack.push(ValType.ref(false, r.index));
            }
            case STRUCT_NEW_DEFAULT -> {
                for (FieldType f : resolve.structType(r.index).fields()) {
                    if (!LocalSlots.isDefaultable(f.storage())) throw error("type mismatch: field of type " + f.storage() + " has no default value");
                }
                stack.push(ValType.ref(false, r.index));
            }
            case STRUCT_GET, STRUCT_GET_S, STRUCT_GET_U -> {
                FieldType f = resolve.field(resolve.structType(r.index), r.index2);
                checkPackedAccess(op != Opcode.STRUCT_GET, f);
                stack.pop(ValType.ref(true, r.index));
                stack.push(f.storage().unpacked());
            }
            case STRUCT_SET -> {
                FieldType f = resolve.field(resolve.structType(r.index), r.index2);
                if (!f.mutable()) throw error("immutable field " + r.index2 + " of type " + r.index);
                stack.pop(f.storage().unpacked());
                stack.pop(ValType.ref(true, r.index));
            }
            case ARRAY_NEW -> {
                FieldType e = resolve.arrayType(r.index).element();
                stack.pop(ValType.I32);
                stack.pop(e.storage().unpacked());
                stack.push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_DEFAULT -> {
                FieldType e = resolve.arrayType(r.index).element();
                if (!LocalSlots.isDefaultable(e.storage())) throw error("type mismatch: array element " + e.storage() + " has no default value");
                stack.pop(ValType.I32);
                stack.push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_FIXED -> {
                ValType e = resolve.arrayType(r.index).element().storage().unpacked();
                long n = r.index2 & 0xFFFFFFFFL;
                for (long i = 0; i < n && !stack.onlyUnknownLeft(); i++) stack.pop(e);
                stack.push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_DATA -> {
                FieldType e = resolve.arrayType(r.index).element();
                checkNumericElement(e);
                resolve.dataSegment(r.index2);
                stack.pop(ValType.I32);
                stack.pop(ValType.I32);
                stack.push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_ELEM -> {
                FieldType e = resolve.arrayType(r.index).element();
                checkElementFits(r.index2, e);
                stack.pop(ValType.I32);
                stack.pop(ValType.I32);
                stack.push(ValType.ref(false, r.index));
            }
            case ARRAY_GET, ARRAY_GET_S, ARRAY_GET_U -> {
                FieldType e = resolve.arrayType(r.index).element();
                checkPackedAccess(op != Opcode.ARRAY_GET, e);
                stack.pop(ValType.I32);
                stack.pop(ValType.ref(true, r.index));
                stack.push(e.storage().unpacked());
            }
            case ARRAY_SET -> {
                FieldType e = resolve.mutableArray(r.index);
                stack.pop(e.storage().unpacked());
                stack.pop(ValType.I32);
                stack.pop(ValType.ref(true, r.index));
            }
            case ARRAY_LEN -> {
                stack.pop(ValType.ARRAYREF);
                stack.push(ValType.I32);
            }
            case ARRAY_FILL -> {
                FieldType e = resolve.mutableArray(r.index);
                stack.pop(ValType.I32);
                stack.pop(e.storage().unpacked());
                stack.pop(ValType.I32);
                stack.pop(ValType.ref(true, r.index));
            }
            case ARRAY_COPY -> {
                FieldType dst = resolve.mutableArray(r.index);
                FieldType src = resolve.arrayType(r.index2).element();
                if (!types.storageSubtype(src.storage(), dst.storage())) {
                    throw error("array types do not match: cannot copy " + src.storage() + " into " + dst.storage());
                }
                stack.pop(ValType.I32);
                stack.pop(ValType.I32);
                stack.pop(ValType.ref(true, r.index2));
                stack.pop(ValType.I32);
                stack.pop(ValType.ref(true, r.index));
            }
            case ARRAY_INIT_DATA, ARRAY_INIT_ELEM -> {
                FieldType e = resolve.mutableArray(r.index);
                if (op == Opcode.ARRAY_INIT_DATA) {
                    checkNumericElement(e);
                    resolve.dataSegment(r.index2);
                } else {
                    checkElementFits(r.index2, e);
                }
                stack.pop(ValType.I32);
                stack.pop(ValType.I32);
                stack.pop(ValType.I32);
                stack.pop(ValType.ref(true, r.index));
            }
            default -> throw new IllegalArgumentException("not an aggregate instruction: " + op.mnemonic);
        }
    }

    private void checkPackedAccess(boolean signedOrUnsigned, FieldType f) {
        if (signedOrUnsigned != f.storage().isPacked()) {
            throw error(signedOrUnsigned ? "type mismatch: _s/_u access to unpacked " + f.storage()
                    : "type mismatch: packed " + f.storage() + " needs _s or _u access");
        }
    }

    private void checkNumericElement(FieldType e) {
        if (e.storage().isRef()) throw error("array type is not numeric or vector");
    }

    private void checkElementFits(int segment, FieldType e) {
        ValType elemType = resolve.elementSegment(segment);
        if (!types.storageSubtype(elemType, e.storage())) {
            throw error("type mismatch: element segment " + segment + " of " + elemType + " into array of " + e.storage());
        }
    }

    private InvalidModuleException error(String message) {
        return errors.error(message);
    }
}
