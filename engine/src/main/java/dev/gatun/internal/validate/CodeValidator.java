package dev.gatun.internal.validate;

import dev.gatun.InvalidModuleException;
import dev.gatun.MalformedModuleException;
import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.CompositeType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.ValType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec's validation algorithm for instruction sequences (function bodies and constant expressions): an
 * operand stack whose entries are value types or {@code null} for the unknown type of unreachable code, and
 * a stack of control frames. Iterative; one instance is reused for every body of a module.
 */
final class CodeValidator {
    private static final Set<Opcode> CONSTANT = EnumSet.of(Opcode.I32_CONST, Opcode.I64_CONST, Opcode.F32_CONST,
            Opcode.F64_CONST, Opcode.V128_CONST, Opcode.I32_ADD, Opcode.I32_SUB, Opcode.I32_MUL, Opcode.I64_ADD,
            Opcode.I64_SUB, Opcode.I64_MUL, Opcode.GLOBAL_GET, Opcode.REF_NULL, Opcode.REF_FUNC, Opcode.REF_I31,
            Opcode.STRUCT_NEW, Opcode.STRUCT_NEW_DEFAULT, Opcode.ARRAY_NEW, Opcode.ARRAY_NEW_DEFAULT,
            Opcode.ARRAY_NEW_FIXED, Opcode.ANY_CONVERT_EXTERN, Opcode.EXTERN_CONVERT_ANY, Opcode.END);

    private static final ValType NON_NULL_EXN = ValType.ref(false, HeapType.EXN);
    private static final ValType NON_NULL_I31 = ValType.ref(false, HeapType.I31);

    /** A control frame; {@code kind} is the opening instruction (BLOCK for the function body itself). */
    private static final class Frame {
        Opcode kind;
        List<ValType> params;
        List<ValType> results;
        int height;
        boolean unreachable;
        int initMark;

        List<ValType> labelTypes() {
            return kind == Opcode.LOOP ? params : results;
        }
    }

    private final ModuleContext module;
    private final TypeContext types;
    private final LocalSlots locals = new LocalSlots();
    private final Map<ValType, List<ValType>> singletons = new HashMap<>();
    private final Map<ValType, FuncType> valueBlocks = new HashMap<>();
    private static final FuncType EMPTY_BLOCK = new FuncType(List.of(), List.of());

    private ValType[] stack = new ValType[64];
    private int sp;
    private Frame[] frames = new Frame[16];
    private int fp;

    private CodeReader r;
    private int functionIndex;
    private List<ValType> functionResults;
    private boolean constantMode;
    private int visibleGlobals;
    /** What the constant expression being validated initializes, for messages. */
    private String constantWhat;

    CodeValidator(ModuleContext module) {
        this.module = module;
        this.types = module.types;
    }

    // ---- entry points ----

    void validateFunction(int functionIndex, FuncType type, FunctionBody body) {
        this.functionIndex = functionIndex;
        this.constantMode = false;
        this.r = new CodeReader(body.code());
        if (!locals.reset(type.params(), body.locals())) {
            throw new MalformedModuleException("too many locals (function " + functionIndex + ")", body.code().offset());
        }
        for (int i = 0; i < locals.runCount(); i++) {
            ValType t = locals.runType(i);
            if (!types.isValid(t)) throw error("unknown type " + t.heapType());
        }
        functionResults = type.results();
        run(type.results());
    }

    /**
     * Validates a constant expression producing {@code expected}; only the first {@code visibleGlobals}
     * globals may be read.
     */
    void validateConstant(ByteSlice expr, ValType expected, int visibleGlobals, String what) {
        this.functionIndex = -1;
        this.constantMode = true;
        this.visibleGlobals = visibleGlobals;
        this.r = new CodeReader(expr);
        locals.reset(List.of(), List.of());
        functionResults = List.of();
        this.constantWhat = what;
        run(singleton(expected));
    }

    // ---- the main loop ----

    private void run(List<ValType> results) {
        sp = 0;
        fp = 0;
        pushFrame(Opcode.BLOCK, List.of(), results);
        while (fp > 0) {
            if (!r.hasNext()) throw new MalformedModuleException("unexpected end of section or function: END opcode expected", r.position());
            Opcode op = r.next();
            if (constantMode && !CONSTANT.contains(op)) throw error("constant expression required: " + op.mnemonic + " is not constant");
            step(op);
        }
        if (r.hasNext()) throw new MalformedModuleException("section size mismatch: operators after the final end", r.position());
    }

    private void step(Opcode op) {
        if (op.signature != null) {
            fixedSignature(op);
            return;
        }
        switch (op) {
            case UNREACHABLE -> setUnreachable();
            case BLOCK, LOOP -> {
                FuncType bt = blockType();
                popVals(bt.params());
                pushFrame(op, bt.params(), bt.results());
            }
            case IF -> {
                FuncType bt = blockType();
                pop(ValType.I32);
                popVals(bt.params());
                pushFrame(op, bt.params(), bt.results());
            }
            case ELSE -> {
                Frame f = top();
                if (f.kind != Opcode.IF) throw malformed("else without matching if");
                checkFrameEnd(f);
                f.kind = Opcode.ELSE;
                reopen(f, f.params);
            }
            case END -> {
                Frame f = top();
                checkFrameEnd(f);
                if (f.kind == Opcode.IF && !typesMatch(f.params, f.results)) {
                    throw error("type mismatch: if without else must leave its parameters " + f.params
                            + " as results " + f.results);
                }
                popFrame();
                if (fp > 0) pushVals(f.results);
            }
            case TRY -> {
                FuncType bt = blockType();
                popVals(bt.params());
                pushFrame(op, bt.params(), bt.results());
            }
            case CATCH -> {
                Frame f = top();
                if (f.kind != Opcode.TRY && f.kind != Opcode.CATCH) throw malformed("catch without matching try");
                FuncType tag = tagType(r.index);
                checkFrameEnd(f);
                f.kind = Opcode.CATCH;
                reopen(f, tag.params());
            }
            case CATCH_ALL -> {
                Frame f = top();
                if (f.kind != Opcode.TRY && f.kind != Opcode.CATCH) throw malformed("catch_all without matching try");
                checkFrameEnd(f);
                f.kind = Opcode.CATCH_ALL;
                reopen(f, List.of());
            }
            case DELEGATE -> {
                Frame f = top();
                if (f.kind != Opcode.TRY) throw malformed("delegate without matching try");
                checkFrameEnd(f);
                popFrame();
                if (r.index < 0 || r.index >= fp) throw error("unknown label " + r.index);
                pushVals(f.results);
            }
            case RETHROW -> {
                Frame target = label(r.index);
                if (target.kind != Opcode.CATCH && target.kind != Opcode.CATCH_ALL) {
                    throw error("invalid rethrow label " + r.index);
                }
                setUnreachable();
            }
            case THROW -> {
                popVals(tagType(r.index).params());
                setUnreachable();
            }
            case THROW_REF -> {
                pop(ValType.EXNREF);
                setUnreachable();
            }
            case TRY_TABLE -> tryTable();
            case BR -> {
                popVals(label(r.index).labelTypes());
                setUnreachable();
            }
            case BR_IF -> {
                List<ValType> lt = label(r.index).labelTypes();
                pop(ValType.I32);
                popVals(lt);
                pushVals(lt);
            }
            case BR_TABLE -> brTable();
            case RETURN -> {
                popVals(functionResults);
                setUnreachable();
            }
            case CALL -> {
                FuncType ft = function(r.index);
                popVals(ft.params());
                pushVals(ft.results());
            }
            case RETURN_CALL -> {
                FuncType ft = function(r.index);
                checkTailResults(ft);
                popVals(ft.params());
                setUnreachable();
            }
            case CALL_INDIRECT, RETURN_CALL_INDIRECT -> {
                TableType table = table(r.index2);
                if (!types.isSubtype(table.element(), ValType.FUNCREF)) {
                    throw error("type mismatch: call_indirect on table " + r.index2 + " of " + table.element());
                }
                FuncType ft = funcType(r.index);
                if (op == Opcode.RETURN_CALL_INDIRECT) checkTailResults(ft);
                pop(addressType(table));
                popVals(ft.params());
                if (op == Opcode.CALL_INDIRECT) pushVals(ft.results());
                else setUnreachable();
            }
            case CALL_REF, RETURN_CALL_REF -> {
                FuncType ft = funcType(r.index);
                if (op == Opcode.RETURN_CALL_REF) checkTailResults(ft);
                pop(ValType.ref(true, r.index));
                popVals(ft.params());
                if (op == Opcode.CALL_REF) pushVals(ft.results());
                else setUnreachable();
            }
            case DROP -> popAny();
            case SELECT -> select();
            case SELECT_T -> {
                if (r.selectTypeCount != 1) throw error("invalid result arity: select takes exactly one type");
                ValType t = validType(r.selectTypes[0]);
                pop(ValType.I32);
                pop(t);
                pop(t);
                push(t);
            }
            case LOCAL_GET -> {
                ValType t = local(r.index);
                if (!locals.isInitialized(r.index & 0xFFFFFFFFL, t)) throw error("uninitialized local " + Integer.toUnsignedString(r.index));
                push(t);
            }
            case LOCAL_SET -> {
                ValType t = local(r.index);
                pop(t);
                locals.markInitialized(r.index & 0xFFFFFFFFL, t);
            }
            case LOCAL_TEE -> {
                ValType t = local(r.index);
                pop(t);
                locals.markInitialized(r.index & 0xFFFFFFFFL, t);
                push(t);
            }
            case GLOBAL_GET -> push(globalForRead(r.index).type());
            case GLOBAL_SET -> {
                GlobalType g = global(r.index);
                if (!g.mutable()) throw error("immutable global " + r.index);
                pop(g.type());
            }
            case TABLE_GET -> {
                TableType t = table(r.index);
                pop(addressType(t));
                push(t.element());
            }
            case TABLE_SET -> {
                TableType t = table(r.index);
                pop(t.element());
                pop(addressType(t));
            }
            case TABLE_SIZE -> push(addressType(table(r.index)));
            case TABLE_GROW -> {
                TableType t = table(r.index);
                pop(addressType(t));
                pop(t.element());
                push(addressType(t));
            }
            case TABLE_FILL -> {
                TableType t = table(r.index);
                pop(addressType(t));
                pop(t.element());
                pop(addressType(t));
            }
            case TABLE_COPY -> {
                TableType dst = table(r.index);
                TableType src = table(r.index2);
                if (!types.isSubtype(src.element(), dst.element())) {
                    throw error("type mismatch: table.copy from " + src.element() + " to " + dst.element());
                }
                pop(smallerAddress(addressType(dst), addressType(src)));
                pop(addressType(src));
                pop(addressType(dst));
            }
            case TABLE_INIT -> {
                TableType t = table(r.index2);
                ValType elemType = elementSegment(r.index);
                if (!types.isSubtype(elemType, t.element())) {
                    throw error("type mismatch: table.init of " + elemType + " into table of " + t.element());
                }
                pop(ValType.I32);
                pop(ValType.I32);
                pop(addressType(t));
            }
            case ELEM_DROP -> elementSegment(r.index);
            case MEMORY_INIT -> {
                ValType a = addressType(memory(r.index2));
                dataSegment(r.index);
                pop(ValType.I32);
                pop(ValType.I32);
                pop(a);
            }
            case DATA_DROP -> dataSegment(r.index);
            case MEMORY_COPY -> {
                ValType dst = addressType(memory(r.index));
                ValType src = addressType(memory(r.index2));
                pop(smallerAddress(dst, src));
                pop(src);
                pop(dst);
            }
            case MEMORY_FILL -> {
                ValType a = addressType(memory(r.index));
                pop(a);
                pop(ValType.I32);
                pop(a);
            }
            case REF_NULL -> push(ValType.ref(true, validHeapType(r.heapType)));
            case REF_IS_NULL -> {
                popRef();
                push(ValType.I32);
            }
            case REF_AS_NON_NULL -> {
                ValType t = popRef();
                push(t == null ? null : ValType.ref(false, t.heapType()));
            }
            case REF_FUNC -> {
                if (!module.hasFunction(r.index)) throw error("unknown function " + Integer.toUnsignedString(r.index));
                if (!constantMode && !module.declaredFunctions[r.index]) {
                    throw error("undeclared function reference " + r.index);
                }
                push(ValType.ref(false, module.functionTypes[r.index]));
            }
            case REF_EQ -> {
                pop(ValType.EQREF);
                pop(ValType.EQREF);
                push(ValType.I32);
            }
            case BR_ON_NULL -> {
                List<ValType> lt = label(r.index).labelTypes();
                ValType t = popRef();
                popVals(lt);
                pushVals(lt);
                push(t == null ? null : ValType.ref(false, t.heapType()));
            }
            case BR_ON_NON_NULL -> {
                List<ValType> lt = label(r.index).labelTypes();
                if (lt.isEmpty() || lt.getLast() == null || !lt.getLast().isRef()) {
                    throw error("type mismatch: br_on_non_null target " + r.index + " must take a reference last");
                }
                ValType t = popRef();
                push(t == null ? null : ValType.ref(false, t.heapType()));
                popVals(lt);
                pushVals(lt.subList(0, lt.size() - 1));
            }
            case BR_ON_CAST, BR_ON_CAST_FAIL -> brOnCast(op);
            case REF_TEST, REF_TEST_NULL, REF_CAST, REF_CAST_NULL -> {
                int ht = validHeapType(r.heapType);
                pop(topType(ht));
                boolean nullable = op == Opcode.REF_TEST_NULL || op == Opcode.REF_CAST_NULL;
                push(op == Opcode.REF_TEST || op == Opcode.REF_TEST_NULL ? ValType.I32 : ValType.ref(nullable, ht));
            }
            case ANY_CONVERT_EXTERN -> {
                ValType t = pop(ValType.EXTERNREF);
                push(ValType.ref(t != null && t.nullable(), HeapType.ANY));
            }
            case EXTERN_CONVERT_ANY -> {
                ValType t = pop(ValType.ANYREF);
                push(ValType.ref(t != null && t.nullable(), HeapType.EXTERN));
            }
            case REF_I31 -> {
                pop(ValType.I32);
                push(NON_NULL_I31);
            }
            case I31_GET_S, I31_GET_U -> {
                pop(ValType.I31REF);
                push(ValType.I32);
            }
            case STRUCT_NEW -> {
                List<FieldType> fields = structType(r.index).fields();
                for (int i = fields.size() - 1; i >= 0; i--) pop(fields.get(i).storage().unpacked());
                push(ValType.ref(false, r.index));
            }
            case STRUCT_NEW_DEFAULT -> {
                for (FieldType f : structType(r.index).fields()) {
                    if (!LocalSlots.isDefaultable(f.storage())) throw error("type mismatch: field of type " + f.storage() + " has no default value");
                }
                push(ValType.ref(false, r.index));
            }
            case STRUCT_GET, STRUCT_GET_S, STRUCT_GET_U -> {
                FieldType f = field(structType(r.index), r.index2);
                checkPackedAccess(op != Opcode.STRUCT_GET, f);
                pop(ValType.ref(true, r.index));
                push(f.storage().unpacked());
            }
            case STRUCT_SET -> {
                FieldType f = field(structType(r.index), r.index2);
                if (!f.mutable()) throw error("immutable field " + r.index2 + " of type " + r.index);
                pop(f.storage().unpacked());
                pop(ValType.ref(true, r.index));
            }
            case ARRAY_NEW -> {
                FieldType e = arrayType(r.index).element();
                pop(ValType.I32);
                pop(e.storage().unpacked());
                push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_DEFAULT -> {
                FieldType e = arrayType(r.index).element();
                if (!LocalSlots.isDefaultable(e.storage())) throw error("type mismatch: array element " + e.storage() + " has no default value");
                pop(ValType.I32);
                push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_FIXED -> {
                ValType e = arrayType(r.index).element().storage().unpacked();
                long n = r.index2 & 0xFFFFFFFFL;
                for (long i = 0; i < n && !(sp == top().height && top().unreachable); i++) pop(e);
                push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_DATA -> {
                FieldType e = arrayType(r.index).element();
                checkNumericElement(e);
                dataSegment(r.index2);
                pop(ValType.I32);
                pop(ValType.I32);
                push(ValType.ref(false, r.index));
            }
            case ARRAY_NEW_ELEM -> {
                FieldType e = arrayType(r.index).element();
                checkElementFits(r.index2, e);
                pop(ValType.I32);
                pop(ValType.I32);
                push(ValType.ref(false, r.index));
            }
            case ARRAY_GET, ARRAY_GET_S, ARRAY_GET_U -> {
                FieldType e = arrayType(r.index).element();
                checkPackedAccess(op != Opcode.ARRAY_GET, e);
                pop(ValType.I32);
                pop(ValType.ref(true, r.index));
                push(e.storage().unpacked());
            }
            case ARRAY_SET -> {
                FieldType e = mutableArray(r.index);
                pop(e.storage().unpacked());
                pop(ValType.I32);
                pop(ValType.ref(true, r.index));
            }
            case ARRAY_LEN -> {
                pop(ValType.ARRAYREF);
                push(ValType.I32);
            }
            case ARRAY_FILL -> {
                FieldType e = mutableArray(r.index);
                pop(ValType.I32);
                pop(e.storage().unpacked());
                pop(ValType.I32);
                pop(ValType.ref(true, r.index));
            }
            case ARRAY_COPY -> {
                FieldType dst = mutableArray(r.index);
                FieldType src = arrayType(r.index2).element();
                if (!types.storageSubtype(src.storage(), dst.storage())) {
                    throw error("array types do not match: cannot copy " + src.storage() + " into " + dst.storage());
                }
                pop(ValType.I32);
                pop(ValType.I32);
                pop(ValType.ref(true, r.index2));
                pop(ValType.I32);
                pop(ValType.ref(true, r.index));
            }
            case ARRAY_INIT_DATA, ARRAY_INIT_ELEM -> {
                FieldType e = mutableArray(r.index);
                if (op == Opcode.ARRAY_INIT_DATA) {
                    checkNumericElement(e);
                    dataSegment(r.index2);
                } else {
                    checkElementFits(r.index2, e);
                }
                pop(ValType.I32);
                pop(ValType.I32);
                pop(ValType.I32);
                pop(ValType.ref(true, r.index));
            }
            default -> throw error("not supported: validation of " + op.mnemonic);
        }
    }

    // ---- instruction families ----

    private void fixedSignature(Opcode op) {
        ValType address = null;
        switch (op.immediate) {
            case MEMARG, MEMARG_LANE -> address = memarg(op);
            case MEMORY -> address = addressType(memory(r.index));
            default -> { }
        }
        int lanes = FixedSignatures.lanes(op);
        if (lanes > 0 && (r.index & 0xFF) >= lanes) throw error("invalid lane index " + r.index + " (" + op.mnemonic + " has " + lanes + " lanes)");
        if (op.immediate == Opcode.Immediate.SHUFFLE) {
            for (byte lane : r.lanes) {
                if ((lane & 0xFF) >= 32) throw error("invalid lane index " + (lane & 0xFF) + " in i8x16.shuffle");
            }
        }
        char[] operands = FixedSignatures.operands(op);
        for (int i = operands.length - 1; i >= 0; i--) pop(letterType(operands[i], address));
        for (char c : FixedSignatures.results(op)) push(letterType(c, address));
    }

    private static ValType letterType(char c, ValType address) {
        return switch (c) {
            case 'i' -> ValType.I32;
            case 'I' -> ValType.I64;
            case 'f' -> ValType.F32;
            case 'F' -> ValType.F64;
            case 'v' -> ValType.V128;
            case 'a' -> address;
            default -> throw new IllegalStateException("bad signature letter " + c);
        };
    }

    private ValType memarg(Opcode op) {
        MemoryType mem = memory(r.memory);
        if (FixedSignatures.isAtomic(op)) {
            if (r.alignLog2 != op.naturalAlignment) throw error("alignment must be exactly natural for " + op.mnemonic);
        } else if (r.alignLog2 > op.naturalAlignment) {
            throw error("alignment must not be larger than natural for " + op.mnemonic + " (2^" + r.alignLog2 + ")");
        }
        if (!mem.limits().is64() && Long.compareUnsigned(r.offset, 0xFFFF_FFFFL) > 0) {
            throw error("offset out of range: " + Long.toUnsignedString(r.offset) + " for a 32-bit memory");
        }
        return addressType(mem);
    }

    private void select() {
        pop(ValType.I32);
        ValType t1 = popAny();
        ValType t2 = popAny();
        if ((t1 != null && t1.isRef()) || (t2 != null && t2.isRef())) {
            throw error("type mismatch: select without a type needs numeric or vector operands");
        }
        if (t1 != null && t2 != null && !t1.equals(t2)) throw error("type mismatch: select operands " + t2 + " and " + t1);
        push(t1 == null ? t2 : t1);
    }

    private void brTable() {
        int defaultLabel = r.index;
        int arity = label(defaultLabel).labelTypes().size();
        pop(ValType.I32);
        for (int i = 0; i < r.targetCount; i++) {
            List<ValType> lt = label(r.targets[i]).labelTypes();
            if (lt.size() != arity) throw error("type mismatch: br_table targets of different arity");
            // check the operands against this target without consuming them
            int saved = sp;
            popVals(lt);
            sp = saved;
        }
        popVals(label(defaultLabel).labelTypes());
        setUnreachable();
    }

    private void tryTable() {
        FuncType bt = blockType();
        for (int i = 0; i < r.catchCount; i++) {
            int kind = r.catchKinds[i];
            List<ValType> lt = label(r.catchLabels[i]).labelTypes();
            List<ValType> tagParams = kind == CodeReader.CATCH || kind == CodeReader.CATCH_REF
                    ? tagType(r.catchTags[i]).params() : List.of();
            boolean withRef = kind == CodeReader.CATCH_REF || kind == CodeReader.CATCH_ALL_REF;
            int n = tagParams.size() + (withRef ? 1 : 0);
            boolean ok = lt.size() == n;
            for (int j = 0; ok && j < tagParams.size(); j++) ok = types.isSubtype(tagParams.get(j), lt.get(j));
            if (ok && withRef) ok = types.isSubtype(NON_NULL_EXN, lt.get(n - 1));
            if (!ok) throw error("type mismatch: catch clause " + i + " does not match the types " + lt + " of label " + r.catchLabels[i]);
        }
        popVals(bt.params());
        pushFrame(Opcode.TRY_TABLE, bt.params(), bt.results());
    }

    private void brOnCast(Opcode op) {
        List<ValType> lt = label(r.index).labelTypes();
        ValType rt1 = ValType.ref((r.castFlags & 1) != 0, validHeapType(r.heapType));
        ValType rt2 = ValType.ref((r.castFlags & 2) != 0, validHeapType(r.heapType2));
        if (!types.isSubtype(rt2, rt1)) throw error("type mismatch: cast target " + rt2 + " is not a subtype of " + rt1);
        if (lt.isEmpty() || lt.getLast() == null || !lt.getLast().isRef()) {
            throw error("type mismatch: " + op.mnemonic + " target " + r.index + " must take a reference last");
        }
        ValType difference = ValType.ref(rt1.nullable() && !rt2.nullable(), rt1.heapType());
        ValType toLabel = op == Opcode.BR_ON_CAST ? rt2 : difference;
        ValType fallThrough = op == Opcode.BR_ON_CAST ? difference : rt2;
        if (!types.isSubtype(toLabel, lt.getLast())) {
            throw error("type mismatch: " + op.mnemonic + " sends " + toLabel + " to a label of " + lt.getLast());
        }
        pop(rt1);
        List<ValType> rest = lt.subList(0, lt.size() - 1);
        popVals(rest);
        pushVals(rest);
        push(fallThrough);
    }

    private void checkTailResults(FuncType callee) {
        if (!typesMatch(callee.results(), functionResults)) {
            throw error("type mismatch: tail call results " + callee.results() + " do not match the function's " + functionResults);
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
        ValType elemType = elementSegment(segment);
        if (!types.storageSubtype(elemType, e.storage())) {
            throw error("type mismatch: element segment " + segment + " of " + elemType + " into array of " + e.storage());
        }
    }

    // ---- index lookups ----

    private Frame label(int depth) {
        if (depth < 0 || depth >= fp) throw error("unknown label " + Integer.toUnsignedString(depth));
        return frames[fp - 1 - depth];
    }

    private FuncType blockType() {
        return switch (r.blockType) {
            case CodeReader.BLOCK_EMPTY -> EMPTY_BLOCK;
            case CodeReader.BLOCK_VALUE -> valueBlocks.computeIfAbsent(validType(r.blockValType), t -> new FuncType(List.of(), List.of(t)));
            default -> funcType(r.blockTypeIndex);
        };
    }

    private FuncType funcType(int typeIndex) {
        if (!types.exists(typeIndex)) throw error("unknown type " + Integer.toUnsignedString(typeIndex));
        if (!(types.composite(typeIndex) instanceof FuncType f)) throw error("type mismatch: type " + typeIndex + " is not a function type");
        return f;
    }

    private StructType structType(int typeIndex) {
        if (!types.exists(typeIndex)) throw error("unknown type " + Integer.toUnsignedString(typeIndex));
        if (!(types.composite(typeIndex) instanceof StructType s)) throw error("type mismatch: type " + typeIndex + " is not a struct type");
        return s;
    }

    private ArrayType arrayType(int typeIndex) {
        if (!types.exists(typeIndex)) throw error("unknown type " + Integer.toUnsignedString(typeIndex));
        if (!(types.composite(typeIndex) instanceof ArrayType a)) throw error("type mismatch: type " + typeIndex + " is not an array type");
        return a;
    }

    private FieldType mutableArray(int typeIndex) {
        FieldType e = arrayType(typeIndex).element();
        if (!e.mutable()) throw error("immutable array " + typeIndex);
        return e;
    }

    private FieldType field(StructType s, int index) {
        if (index < 0 || index >= s.fields().size()) throw error("unknown field " + Integer.toUnsignedString(index));
        return s.fields().get(index);
    }

    private FuncType function(int index) {
        if (!module.hasFunction(index)) throw error("unknown function " + Integer.toUnsignedString(index));
        return module.functionType(index);
    }

    private FuncType tagType(int index) {
        if (index < 0 || index >= module.tagTypes.length) throw error("unknown tag " + Integer.toUnsignedString(index));
        return funcType(module.tagTypes[index]);
    }

    private ValType local(int index) {
        ValType t = locals.typeOf(index & 0xFFFFFFFFL);
        if (t == null) throw error("unknown local " + Integer.toUnsignedString(index));
        return t;
    }

    private GlobalType global(int index) {
        if (index < 0 || index >= module.globals.size()) throw error("unknown global " + Integer.toUnsignedString(index));
        return module.globals.get(index);
    }

    private GlobalType globalForRead(int index) {
        if (constantMode && (index < 0 || index >= visibleGlobals)) throw error("unknown global " + Integer.toUnsignedString(index));
        GlobalType g = global(index);
        if (constantMode && g.mutable()) throw error("constant expression required: global " + index + " is mutable");
        return g;
    }

    private TableType table(int index) {
        if (index < 0 || index >= module.tables.size()) throw error("unknown table " + Integer.toUnsignedString(index));
        return module.tables.get(index);
    }

    private MemoryType memory(int index) {
        if (index < 0 || index >= module.memories.size()) throw error("unknown memory " + Integer.toUnsignedString(index));
        return module.memories.get(index);
    }

    private ValType elementSegment(int index) {
        if (index < 0 || index >= module.elementTypes.length) throw error("unknown elem segment " + Integer.toUnsignedString(index));
        return module.elementTypes[index];
    }

    private void dataSegment(int index) {
        if (index < 0 || index >= module.dataSegments) throw error("unknown data segment " + Integer.toUnsignedString(index));
    }

    private ValType validType(ValType t) {
        if (!types.isValid(t)) throw error("unknown type " + t.heapType());
        return t;
    }

    private int validHeapType(int heapType) {
        if (!types.isValidHeapType(heapType)) throw error("unknown type " + heapType);
        return heapType;
    }

    private static ValType addressType(TableType t) {
        return t.limits().is64() ? ValType.I64 : ValType.I32;
    }

    private static ValType addressType(MemoryType m) {
        return m.limits().is64() ? ValType.I64 : ValType.I32;
    }

    private static ValType smallerAddress(ValType a, ValType b) {
        return a == ValType.I64 && b == ValType.I64 ? ValType.I64 : ValType.I32;
    }

    private ValType topType(int heapType) {
        return switch (types.topOf(heapType)) {
            case HeapType.FUNC -> ValType.FUNCREF;
            case HeapType.EXTERN -> ValType.EXTERNREF;
            case HeapType.EXN -> ValType.EXNREF;
            default -> ValType.ANYREF;
        };
    }

    private List<ValType> singleton(ValType t) {
        return singletons.computeIfAbsent(t, List::of);
    }

    private boolean typesMatch(List<ValType> sub, List<ValType> sup) {
        if (sub.size() != sup.size()) return false;
        for (int i = 0; i < sub.size(); i++) {
            if (!types.isSubtype(sub.get(i), sup.get(i))) return false;
        }
        return true;
    }

    // ---- operand and control stacks ----

    private Frame top() {
        return frames[fp - 1];
    }

    private void push(ValType t) {
        if (sp == stack.length) stack = Arrays.copyOf(stack, sp * 2);
        stack[sp++] = t;
    }

    private void pushVals(List<ValType> ts) {
        for (ValType t : ts) push(t);
    }

    /** Pops any value; null is the unknown type. */
    private ValType popAny() {
        Frame f = top();
        if (sp == f.height) {
            if (f.unreachable) return null;
            throw error("type mismatch: instruction requires a value but stack has []");
        }
        return stack[--sp];
    }

    private ValType popRef() {
        ValType t = popAny();
        if (t != null && !t.isRef()) throw error("type mismatch: instruction requires a reference but stack has [" + t + "]");
        return t;
    }

    /** Pops a value that must match {@code expected}; returns it (null when unknown). */
    private ValType pop(ValType expected) {
        Frame f = top();
        if (sp == f.height) {
            if (f.unreachable) return null;
            throw requires(List.of(expected));
        }
        ValType actual = stack[sp - 1];
        if (!types.isSubtype(actual, expected)) throw requires(List.of(expected));
        sp--;
        return actual;
    }

    private void popVals(List<ValType> expected) {
        int saved = sp;
        Frame f = top();
        for (int i = expected.size() - 1; i >= 0; i--) {
            if (sp == f.height) {
                if (f.unreachable) return;
                sp = saved;
                throw requires(expected);
            }
            if (!types.isSubtype(stack[sp - 1], expected.get(i))) {
                sp = saved;
                throw requires(expected);
            }
            sp--;
        }
    }

    private InvalidModuleException requires(List<ValType> expected) {
        return error("type mismatch: instruction requires " + expected + " but stack has " + stackContents());
    }

    private String stackContents() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = top().height; i < sp; i++) {
            if (i > top().height) sb.append(", ");
            sb.append(stack[i] == null ? "unknown" : stack[i].toString());
        }
        return sb.append(']').toString();
    }

    private void pushFrame(Opcode kind, List<ValType> params, List<ValType> results) {
        if (fp == frames.length) frames = Arrays.copyOf(frames, fp * 2);
        Frame f = frames[fp];
        if (f == null) f = frames[fp] = new Frame();
        fp++;
        f.kind = kind;
        f.params = params;
        f.results = results;
        f.height = sp;
        f.unreachable = false;
        f.initMark = locals.mark();
        pushVals(params);
    }

    private void popFrame() {
        Frame f = top();
        locals.resetTo(f.initMark);
        fp--;
    }

    /** Checks that exactly the frame's results are on the stack, then empties it to the frame's height. */
    private void checkFrameEnd(Frame f) {
        List<ValType> results = f.results;
        int available = sp - f.height;
        boolean ok = available == results.size() || (f.unreachable && available < results.size());
        for (int i = 0; ok && i < Math.min(available, results.size()); i++) {
            ok = types.isSubtype(stack[sp - 1 - i], results.get(results.size() - 1 - i));
        }
        if (!ok) throw error("type mismatch: block requires " + results + " but stack has " + stackContents());
        sp = f.height;
    }

    /** Starts the next arm of an if or try: same frame, fresh stack holding {@code entry}. */
    private void reopen(Frame f, List<ValType> entry) {
        f.unreachable = false;
        locals.resetTo(f.initMark);
        sp = f.height;
        pushVals(entry);
    }

    private void setUnreachable() {
        Frame f = top();
        sp = f.height;
        f.unreachable = true;
    }

    // ---- errors ----

    private InvalidModuleException error(String message) {
        if (constantMode) return new InvalidModuleException(message + " in " + constantWhat, -1, r.instructionOffset);
        return new InvalidModuleException(message, functionIndex, r.instructionOffset);
    }

    private MalformedModuleException malformed(String message) {
        return new MalformedModuleException(message, r.instructionOffset);
    }
}
