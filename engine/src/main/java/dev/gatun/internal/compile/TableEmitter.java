package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.TABLE;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Table instructions (get/set/size/grow/fill/copy/init, elem.drop) as calls of {@link
 * dev.gatun.internal.runtime.Table}'s static helpers, operands in Wasm stack order; table64 tables use the
 * "...64" helpers whose indices and sizes are i64.
 */
final class TableEmitter {
    private final CompilationUnit unit;
    private final CodeBuilder code;
    private final TypeStack stack;
    private final int contextSlot;

    TableEmitter(CompilationUnit unit, CodeBuilder code, TypeStack stack, int contextSlot) {
        this.unit = unit;
        this.code = code;
        this.stack = stack;
        this.contextSlot = contextSlot;
    }

    /** Emits {@code op} if it is a table instruction; returns false otherwise. */
    boolean emit(Opcode op, CodeReader reader) {
        int t = reader.index;
        switch (op) {
            case TABLE_GET -> {
                stack.pop();
                loadTable(t);
                code.invokestatic(TABLE, method("get", t), MethodTypeDesc.of(CD_Object, index(t), TABLE));
                stack.push(unit.tableType(t));
            }
            case TABLE_SET -> {
                stack.popN(2);
                loadTable(t);
                code.invokestatic(TABLE, method("set", t), MethodTypeDesc.of(CD_void, index(t), CD_Object, TABLE));
            }
            case TABLE_SIZE -> {
                loadTable(t);
                code.invokestatic(TABLE, method("size", t), MethodTypeDesc.of(index(t), TABLE));
                stack.push(indexType(t));
            }
            case TABLE_GROW -> {
                stack.popN(2);
                loadTable(t);
                code.invokestatic(TABLE, method("grow", t), MethodTypeDesc.of(index(t), CD_Object, index(t), TABLE));
                stack.push(indexType(t));
            }
            case TABLE_FILL -> {
                stack.popN(3);
                loadTable(t);
                code.invokestatic(TABLE, method("fill", t), MethodTypeDesc.of(CD_void, index(t), CD_Object, index(t), TABLE));
            }
            case TABLE_COPY -> {
                int from = reader.index2;
                stack.popN(3);
                loadTable(t);
                loadTable(from);
                if (unit.tableIs64(t) == unit.tableIs64(from)) {
                    ClassDesc i = index(t);
                    code.invokestatic(TABLE, method("copy", t), MethodTypeDesc.of(CD_void, i, i, i, TABLE, TABLE));
                } else {
                    // destination and source indices use their own table's type; the length is i32
                    code.invokestatic(TABLE, "copyMixed",
                            MethodTypeDesc.of(CD_void, index(t), index(from), CD_int, TABLE, TABLE));
                }
            }
            case TABLE_INIT -> {
                int table = reader.index2;
                stack.popN(3);
                loadTable(table);
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(TABLE, method("init", table),
                        MethodTypeDesc.of(CD_void, index(table), CD_int, CD_int, TABLE, CONTEXT, CD_int));
            }
            case ELEM_DROP -> {
                code.aload(contextSlot);
                code.loadConstant(reader.index);
                code.invokestatic(CONTEXT, "dropElements", MethodTypeDesc.of(CD_void, CONTEXT, CD_int));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private String method(String name, int table) {
        return unit.tableIs64(table) ? name + "64" : name;
    }

    private ClassDesc index(int table) {
        return unit.tableIs64(table) ? CD_long : CD_int;
    }

    private ValType indexType(int table) {
        return unit.tableIs64(table) ? ValType.I64 : ValType.I32;
    }

    private void loadTable(int table) {
        code.aload(contextSlot);
        code.getfield(CONTEXT, "tables", TABLE.arrayType());
        code.loadConstant(table);
        code.aaload();
    }
}
