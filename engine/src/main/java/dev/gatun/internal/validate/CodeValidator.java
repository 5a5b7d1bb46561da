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
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.validate.OperandStack.Frame;
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
    private static final FuncType EMPTY_BLOCK = new FuncType(List.of(), List.of());

    private final ModuleContext module;
    private final TypeContext types;
    private final LocalSlots locals = new LocalSlots();
    private final Map<ValType, List<ValType>> singletons = new HashMap<>();
    private final Map<ValType, FuncType> valueBlocks = new HashMap<>();

    private final OperandStack stack;
    private final IndexResolver resolve;
    private final AggregateRules aggregates;

    private CodeReader r;
    private int functionIndex;
    private List<ValType> functionResults;
    private boolean constantMode;
    /** Counts br_table instructions, to mark the frames each one has already checked. */
    private int brTableStamp;
    private int visibleGlobals;
    /** What the constant expression being validated initializes, for messages. */
    private String constantWhat;

    CodeValidator(ModuleContext module) {
        this.module = module;
        this.types = module.types;
        this.stack = new OperandStack(types, locals, this::error);
        this.resolve = new IndexResolver(module, this::error);
        this.aggregates = new AggregateRules(types, stack, resolve, this::error);
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
            if (!types.isValid(t)) {
                throw new InvalidModuleException("unknown type " + t.heapType() + " in the locals", functionIndex, body.code().offset());
            }
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
        stack.clear();
        stack.pushFrame(Opcode.BLOCK, List.of(), results);
        while (stack.depth() > 0) {
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
            case UNREACHABLE -> stack.setUnreachable();
            case BLOCK, LOOP -> {
                FuncType bt = blockType();
                stack.popVals(bt.params());
                stack.pushFrame(op, bt.params(), bt.results());
            }
            case IF -> {
                FuncType bt = blockType();
                stack.pop(ValType.I32);
                stack.popVals(bt.params());
                stack.pushFrame(op, bt.params(), bt.results());
            }
            case ELSE -> {
                Frame f = stack.top();
                if (f.kind != Opcode.IF) throw malformed("else without matching if");
                stack.checkFrameEnd(f);
                f.kind = Opcode.ELSE;
                stack.reopen(f, f.params);
            }
            case END -> {
                Frame f = stack.top();
                stack.checkFrameEnd(f);
                if (f.kind == Opcode.IF && !typesMatch(f.params, f.results)) {
                    throw error("type mismatch: if without else must leave its parameters " + f.params
                            + " as results " + f.results);
                }
                stack.popFrame();
                if (stack.depth() > 0) stack.pushVals(f.results);
            }
            case TRY -> {
                FuncType bt = blockType();
                stack.popVals(bt.params());
                stack.pushFrame(op, bt.params(), bt.results());
            }
            case CATCH -> {
                Frame f = stack.top();
                if (f.kind != Opcode.TRY && f.kind != Opcode.CATCH) throw malformed("catch without matching try");
                FuncType tag = resolve.tagType(r.index);
                stack.checkFrameEnd(f);
                f.kind = Opcode.CATCH;
                stack.reopen(f, tag.params());
            }
            case CATCH_ALL -> {
                Frame f = stack.top();
                if (f.kind != Opcode.TRY && f.kind != Opcode.CATCH) throw malformed("catch_all without matching try");
                stack.checkFrameEnd(f);
                f.kind = Opcode.CATCH_ALL;
                stack.reopen(f, List.of());
            }
            case DELEGATE -> {
                Frame f = stack.top();
                if (f.kind != Opcode.TRY) throw malformed("delegate without matching try");
                stack.checkFrameEnd(f);
                stack.popFrame();
                if (stack.label(r.index) == null) throw error("unknown label " + Integer.toUnsignedString(r.index));
                stack.pushVals(f.results);
            }
            case RETHROW -> {
                Frame target = label(r.index);
                if (target.kind != Opcode.CATCH && target.kind != Opcode.CATCH_ALL) {
                    throw error("invalid rethrow label " + r.index);
                }
                stack.setUnreachable();
            }
            case THROW -> {
                stack.popVals(resolve.tagType(r.index).params());
                stack.setUnreachable();
            }
            case THROW_REF -> {
                stack.pop(ValType.EXNREF);
                stack.setUnreachable();
            }
            case TRY_TABLE -> tryTable();
            case BR -> {
                stack.popVals(label(r.index).labelTypes());
                stack.setUnreachable();
            }
            case BR_IF -> {
                List<ValType> lt = label(r.index).labelTypes();
                stack.pop(ValType.I32);
                stack.popVals(lt);
                stack.pushVals(lt);
            }
            case BR_TABLE -> brTable();
            case RETURN -> {
                stack.popVals(functionResults);
                stack.setUnreachable();
            }
            case CALL -> {
                FuncType ft = resolve.function(r.index);
                stack.popVals(ft.params());
                stack.pushVals(ft.results());
            }
            case RETURN_CALL -> {
                FuncType ft = resolve.function(r.index);
                checkTailResults(ft);
                stack.popVals(ft.params());
                stack.setUnreachable();
            }
            case CALL_INDIRECT, RETURN_CALL_INDIRECT -> {
                TableType table = resolve.table(r.index2);
                if (!types.isSubtype(table.element(), ValType.FUNCREF)) {
                    throw error("type mismatch: call_indirect on table " + r.index2 + " of " + table.element());
                }
                FuncType ft = resolve.funcType(r.index);
                if (op == Opcode.RETURN_CALL_INDIRECT) checkTailResults(ft);
                stack.pop(addressType(table));
                stack.popVals(ft.params());
                if (op == Opcode.CALL_INDIRECT) stack.pushVals(ft.results());
                else stack.setUnreachable();
            }
            case CALL_REF, RETURN_CALL_REF -> {
                FuncType ft = resolve.funcType(r.index);
                if (op == Opcode.RETURN_CALL_REF) checkTailResults(ft);
                stack.pop(ValType.ref(true, r.index));
                stack.popVals(ft.params());
                if (op == Opcode.CALL_REF) stack.pushVals(ft.results());
                else stack.setUnreachable();
            }
            case DROP -> stack.popAny();
            case SELECT -> select();
            case SELECT_T -> {
                if (r.selectTypeCount != 1) throw error("invalid result arity: select takes exactly one type");
                ValType t = resolve.validType(r.selectTypes[0]);
                stack.pop(ValType.I32);
                stack.pop(t);
                stack.pop(t);
                stack.push(t);
            }
            case LOCAL_GET -> {
                ValType t = local(r.index);
                if (!locals.isInitialized(r.index & 0xFFFFFFFFL, t)) throw error("uninitialized local " + Integer.toUnsignedString(r.index));
                stack.push(t);
            }
            case LOCAL_SET -> {
                ValType t = local(r.index);
                stack.pop(t);
                locals.markInitialized(r.index & 0xFFFFFFFFL, t);
            }
            case LOCAL_TEE -> {
                ValType t = local(r.index);
                stack.pop(t);
                locals.markInitialized(r.index & 0xFFFFFFFFL, t);
                stack.push(t);
            }
            case GLOBAL_GET -> stack.push(globalForRead(r.index).type());
            case GLOBAL_SET -> {
                GlobalType g = resolve.global(r.index);
                if (!g.mutable()) throw error("immutable global " + r.index);
                stack.pop(g.type());
            }
            case TABLE_GET -> {
                TableType t = resolve.table(r.index);
                stack.pop(addressType(t));
                stack.push(t.element());
            }
            case TABLE_SET -> {
                TableType t = resolve.table(r.index);
                stack.pop(t.element());
                stack.pop(addressType(t));
            }
            case TABLE_SIZE -> stack.push(addressType(resolve.table(r.index)));
            case TABLE_GROW -> {
                TableType t = resolve.table(r.index);
                stack.pop(addressType(t));
                stack.pop(t.element());
                stack.push(addressType(t));
            }
            case TABLE_FILL -> {
                TableType t = resolve.table(r.index);
                stack.pop(addressType(t));
                stack.pop(t.element());
                stack.pop(addressType(t));
            }
            case TABLE_COPY -> {
                TableType dst = resolve.table(r.index);
                TableType src = resolve.table(r.index2);
                if (!types.isSubtype(src.element(), dst.element())) {
                    throw error("type mismatch: table.copy from " + src.element() + " to " + dst.element());
                }
                stack.pop(smallerAddress(addressType(dst), addressType(src)));
                stack.pop(addressType(src));
                stack.pop(addressType(dst));
            }
            case TABLE_INIT -> {
                TableType t = resolve.table(r.index2);
                ValType elemType = resolve.elementSegment(r.index);
                if (!types.isSubtype(elemType, t.element())) {
                    throw error("type mismatch: table.init of " + elemType + " into table of " + t.element());
                }
                stack.pop(ValType.I32);
                stack.pop(ValType.I32);
                stack.pop(addressType(t));
            }
            case ELEM_DROP -> resolve.elementSegment(r.index);
            case MEMORY_INIT -> {
                ValType a = addressType(resolve.memory(r.index2));
                resolve.dataSegment(r.index);
                stack.pop(ValType.I32);
                stack.pop(ValType.I32);
                stack.pop(a);
            }
            case DATA_DROP -> resolve.dataSegment(r.index);
            case MEMORY_COPY -> {
                ValType dst = addressType(resolve.memory(r.index));
                ValType src = addressType(resolve.memory(r.index2));
                stack.pop(smallerAddress(dst, src));
                stack.pop(src);
                stack.pop(dst);
            }
            case MEMORY_FILL -> {
                ValType a = addressType(resolve.memory(r.index));
                stack.pop(a);
                stack.pop(ValType.I32);
                stack.pop(a);
            }
            case REF_NULL -> stack.push(ValType.ref(true, resolve.validHeapType(r.heapType)));
            case REF_IS_NULL -> {
                stack.popRef();
                stack.push(ValType.I32);
            }
            case REF_AS_NON_NULL -> {
                ValType t = stack.popRef();
                stack.push(t == null ? null : ValType.ref(false, t.heapType()));
            }
            case REF_FUNC -> {
                if (!module.hasFunction(r.index)) throw error("unknown function " + Integer.toUnsignedString(r.index));
                if (!constantMode && !module.declaredFunctions[r.index]) {
                    throw error("undeclared function reference " + r.index);
                }
                stack.push(ValType.ref(false, module.functionTypes[r.index]));
            }
            case REF_EQ -> {
                stack.pop(ValType.EQREF);
                stack.pop(ValType.EQREF);
                stack.push(ValType.I32);
            }
            case BR_ON_NULL -> {
                List<ValType> lt = label(r.index).labelTypes();
                ValType t = stack.popRef();
                stack.popVals(lt);
                stack.pushVals(lt);
                stack.push(t == null ? null : ValType.ref(false, t.heapType()));
            }
            case BR_ON_NON_NULL -> {
                List<ValType> lt = label(r.index).labelTypes();
                if (lt.isEmpty() || lt.getLast() == null || !lt.getLast().isRef()) {
                    throw error("type mismatch: br_on_non_null target " + r.index + " must take a reference last");
                }
                ValType t = stack.popRef();
                stack.push(t == null ? null : ValType.ref(false, t.heapType()));
                stack.popVals(lt);
                stack.pushVals(lt.subList(0, lt.size() - 1));
            }
            case BR_ON_CAST, BR_ON_CAST_FAIL -> brOnCast(op);
            case REF_TEST, REF_TEST_NULL, REF_CAST, REF_CAST_NULL -> {
                int ht = resolve.validHeapType(r.heapType);
                stack.pop(topType(ht));
                boolean nullable = op == Opcode.REF_TEST_NULL || op == Opcode.REF_CAST_NULL;
                stack.push(op == Opcode.REF_TEST || op == Opcode.REF_TEST_NULL ? ValType.I32 : ValType.ref(nullable, ht));
            }
            case ANY_CONVERT_EXTERN -> {
                ValType t = stack.pop(ValType.EXTERNREF);
                stack.push(ValType.ref(t != null && t.nullable(), HeapType.ANY));
            }
            case EXTERN_CONVERT_ANY -> {
                ValType t = stack.pop(ValType.ANYREF);
                stack.push(ValType.ref(t != null && t.nullable(), HeapType.EXTERN));
            }
            case STRUCT_NEW, STRUCT_NEW_DEFAULT, STRUCT_GET, STRUCT_GET_S, STRUCT_GET_U, STRUCT_SET, ARRAY_NEW,
                 ARRAY_NEW_DEFAULT, ARRAY_NEW_FIXED, ARRAY_NEW_DATA, ARRAY_NEW_ELEM, ARRAY_GET, ARRAY_GET_S,
                 ARRAY_GET_U, ARRAY_SET, ARRAY_LEN, ARRAY_FILL, ARRAY_COPY, ARRAY_INIT_DATA, ARRAY_INIT_ELEM, REF_I31,
                 I31_GET_S, I31_GET_U -> aggregates.validate(op, r);
            default -> throw error("not supported: validation of " + op.mnemonic);
        }
    }

    // ---- instruction families ----

    private void fixedSignature(Opcode op) {
        ValType address = null;
        switch (op.immediate) {
            case MEMARG, MEMARG_LANE -> address = memarg(op);
            case MEMORY -> address = addressType(resolve.memory(r.index));
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
        for (int i = operands.length - 1; i >= 0; i--) stack.pop(letterType(operands[i], address));
        for (char c : FixedSignatures.results(op)) stack.push(letterType(c, address));
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
        MemoryType mem = resolve.memory(r.memory);
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
        stack.pop(ValType.I32);
        ValType t1 = stack.popAny();
        ValType t2 = stack.popAny();
        if ((t1 != null && t1.isRef()) || (t2 != null && t2.isRef())) {
            throw error("type mismatch: select without a type needs numeric or vector operands");
        }
        if (t1 != null && t2 != null && !t1.equals(t2)) throw error("type mismatch: select operands " + t2 + " and " + t1);
        stack.push(t1 == null ? t2 : t1);
    }

    private void brTable() {
        int defaultLabel = r.index;
        int arity = label(defaultLabel).labelTypes().size();
        stack.pop(ValType.I32);
        // a table may repeat labels many times: check each distinct frame once
        int stamp = ++brTableStamp;
        for (int i = 0; i < r.targetCount; i++) {
            Frame target = label(r.targets[i]);
            if (target.brTableStamp == stamp) continue;
            target.brTableStamp = stamp;
            List<ValType> lt = target.labelTypes();
            if (lt.size() != arity) throw error("type mismatch: br_table targets of different arity");
            stack.checkVals(lt);
        }
        stack.popVals(label(defaultLabel).labelTypes());
        stack.setUnreachable();
    }

    private void tryTable() {
        FuncType bt = blockType();
        for (int i = 0; i < r.catchCount; i++) {
            int kind = r.catchKinds[i];
            List<ValType> lt = label(r.catchLabels[i]).labelTypes();
            List<ValType> tagParams = kind == CodeReader.CATCH || kind == CodeReader.CATCH_REF
                    ? resolve.tagType(r.catchTags[i]).params() : List.of();
            boolean withRef = kind == CodeReader.CATCH_REF || kind == CodeReader.CATCH_ALL_REF;
            int n = tagParams.size() + (withRef ? 1 : 0);
            boolean ok = lt.size() == n;
            for (int j = 0; ok && j < tagParams.size(); j++) ok = types.isSubtype(tagParams.get(j), lt.get(j));
            if (ok && withRef) ok = types.isSubtype(NON_NULL_EXN, lt.get(n - 1));
            if (!ok) throw error("type mismatch: catch clause " + i + " does not match the types " + lt + " of label " + r.catchLabels[i]);
        }
        stack.popVals(bt.params());
        stack.pushFrame(Opcode.TRY_TABLE, bt.params(), bt.results());
    }

    private void brOnCast(Opcode op) {
        List<ValType> lt = label(r.index).labelTypes();
        ValType rt1 = ValType.ref((r.castFlags & 1) != 0, resolve.validHeapType(r.heapType));
        ValType rt2 = ValType.ref((r.castFlags & 2) != 0, resolve.validHeapType(r.heapType2));
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
        stack.pop(rt1);
        List<ValType> rest = lt.subList(0, lt.size() - 1);
        stack.popVals(rest);
        stack.pushVals(rest);
        stack.push(fallThrough);
    }

    private void checkTailResults(FuncType callee) {
        if (!typesMatch(callee.results(), functionResults)) {
            throw error("type mismatch: tail call results " + callee.results() + " do not match the function's " + functionResults);
        }
    }




    // ---- index lookups ----

    private Frame label(int depth) {
        Frame f = stack.label(depth);
        if (f == null) throw error("unknown label " + Integer.toUnsignedString(depth));
        return f;
    }

    private FuncType blockType() {
        return switch (r.blockType) {
            case CodeReader.BLOCK_EMPTY -> EMPTY_BLOCK;
            case CodeReader.BLOCK_VALUE -> valueBlocks.computeIfAbsent(resolve.validType(r.blockValType), t -> new FuncType(List.of(), List.of(t)));
            default -> resolve.funcType(r.blockTypeIndex);
        };
    }








    private ValType local(int index) {
        ValType t = locals.typeOf(index & 0xFFFFFFFFL);
        if (t == null) throw error("unknown local " + Integer.toUnsignedString(index));
        return t;
    }


    private GlobalType globalForRead(int index) {
        if (constantMode && (index < 0 || index >= visibleGlobals)) throw error("unknown global " + Integer.toUnsignedString(index));
        GlobalType g = resolve.global(index);
        if (constantMode && g.mutable()) throw error("constant expression required: global " + index + " is mutable");
        return g;
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

    // ---- errors ----

    private InvalidModuleException error(String message) {
        if (constantMode) return new InvalidModuleException(message + " in " + constantWhat, -1, r.instructionOffset);
        return new InvalidModuleException(message, functionIndex, r.instructionOffset);
    }

    private MalformedModuleException malformed(String message) {
        return new MalformedModuleException(message, r.instructionOffset);
    }
}
