package dev.gatun.internal.compile;

import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_char;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.LookupTables;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A br_table that only picks constants: a switch compiled from C such as
 * <pre>
 *   block $C
 *     block $case1  block $case0
 *       (index) br_table $case0 $case1 ... $C
 *     end  i32.const 695  local.set $x  br $C      ;; case0
 *     end  i32.const 3494 local.set $x  br $C      ;; case1 (the last case may fall into $C's end)
 *   end
 * </pre>
 * Every case block (the labels the br_table opens right before it, up to the continuation {@code $C}) does
 * nothing but set the same locals to constants ({@code i32.const}/{@code i64.const} then {@code local.set})
 * and branch to {@code $C}. Emitted as a tableswitch plus a block of code per case, shootout-switch's 4096
 * cases take ~40 KiB of bytecode, so the loop around them is split into segments it crosses on every
 * iteration. Instead the constants become tables indexed by the br_table's index:
 *
 * <p><b>Generated-code shape</b> (entries {@code 0..n-1}, entry {@code n} the default):
 * <pre>
 *   i = index; if (Integer.compareUnsigned(i, n) &gt; 0) i = n;
 *   [when some entries name other labels: switch (ordinals.charAt(i)) { 0: break; k: goto label_k }]
 *   x = ldc(condy LookupTables.ints "x" chunks)[i];   ;; one table per set local (long[] for i64)
 *   goto $C
 * </pre>
 * Nothing branches to the case blocks any more, so their bodies are unreachable and not emitted. With fuel
 * metering the br_table is emitted as usual (a skipped case body would not charge its instructions).
 */
final class BrTableLookup {
    private static final ClassDesc TABLES = JvmTypes.desc(LookupTables.class);
    private static final DirectMethodHandleDesc INTS =
            ConstantDescs.ofConstantBootstrap(TABLES, "ints", CD_int.arrayType(), CD_String);
    private static final DirectMethodHandleDesc LONGS =
            ConstantDescs.ofConstantBootstrap(TABLES, "longs", CD_long.arrayType(), CD_String);
    /** Below this many entries a tableswitch and its case blocks are small enough. */
    static final int MIN_ENTRIES = 16;
    /** Entries above which a table's String constant could pass the class format's 65535 UTF-8 bytes. */
    static final int MAX_ENTRIES = 5000;
    /** Locals set per case above which the tables outweigh the code they replace. */
    private static final int MAX_LOCALS = 4;

    /**
     * The cases of a recognized br_table. {@code continuation} is the label depth (as the br_table counts)
     * every case branches to; case {@code k} is the block at depth {@code k < continuation}; it sets
     * {@code locals[j]} to {@code caseValues[k][j]} (an i32 or i64 bit pattern).
     */
    record Cases(int continuation, int[] locals, boolean[] wide, long[][] caseValues) {}

    private BrTableLookup() {}

    /**
     * Reads the code after a br_table (from {@code from} to {@code limit} of {@code code}) and returns its
     * cases, or null when they are not all constant settings of the same locals branching to one label.
     * Only the code's shape is checked here; the emitter checks the blocks' types.
     */
    static Cases recognize(byte[] code, int from, int limit) {
        CodeReader reader = new CodeReader(code, from, limit);
        int continuation = -1;
        int[] locals = null;
        boolean[] wide = null;
        List<long[]> caseValues = new ArrayList<>();
        for (int k = 0; continuation < 0 || k < continuation; k++) {
            if (!reader.hasNext() || reader.next() != Opcode.END) return null;
            int[] setLocals = new int[MAX_LOCALS];
            boolean[] setWide = new boolean[MAX_LOCALS];
            long[] values = new long[MAX_LOCALS];
            int count = 0;
            Opcode op;
            while (true) {
                if (!reader.hasNext()) return null;
                op = reader.next();
                if (op != Opcode.I32_CONST && op != Opcode.I64_CONST) break;
                if (count == MAX_LOCALS) return null;
                values[count] = reader.longValue;
                setWide[count] = op == Opcode.I64_CONST;
                if (!reader.hasNext() || reader.next() != Opcode.LOCAL_SET) return null;
                setLocals[count++] = reader.index;
            }
            int target;
            if (op == Opcode.BR) target = k + 1 + reader.index;
            else if (op == Opcode.END) target = k + 1; // falls into the end of the enclosing block
            else return null;
            if (count == 0) return null;
            int[] caseLocals = Arrays.copyOf(setLocals, count);
            boolean[] caseWide = Arrays.copyOf(setWide, count);
            if (continuation < 0) {
                if (target > MAX_ENTRIES || !distinct(caseLocals)) return null;
                continuation = target;
                locals = caseLocals;
                wide = caseWide;
            } else if (target != continuation || !Arrays.equals(locals, caseLocals) || !Arrays.equals(wide, caseWide)) {
                return null;
            }
            caseValues.add(Arrays.copyOf(values, count));
        }
        return new Cases(continuation, locals, wide, caseValues.toArray(long[][]::new));
    }

    private static boolean distinct(int[] locals) {
        for (int i = 0; i < locals.length; i++) {
            for (int j = i + 1; j < locals.length; j++) if (locals[i] == locals[j]) return false;
        }
        return true;
    }

    /**
     * Whether {@code body} has a br_table this lowering would take (its shape only): such a function may fit
     * one method although its Wasm code is large (see {@link SplitPolicy}).
     */
    static boolean occursIn(ByteSlice body) {
        CodeReader reader = new CodeReader(body);
        while (reader.hasNext()) {
            if (reader.next() == Opcode.BR_TABLE && reader.targetCount + 1 >= MIN_ENTRIES
                    && reader.targetCount < MAX_ENTRIES
                    && recognize(body.array(), reader.position(), body.offset() + body.length()) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the frames the br_table names fit the lowering: case blocks are plain blocks without params
     * or results, and the continuation takes no values (so no case carries any).
     */
    static boolean framesFit(FunctionEmitter fn, Cases cases) {
        if (cases.continuation() >= fn.frames.size() - 1) return false;
        for (int k = 0; k < cases.continuation(); k++) {
            ControlFrame f = fn.frameAt(k);
            if (f.kind != ControlFrame.BLOCK || !f.params.isEmpty() || !f.results.isEmpty()) return false;
        }
        for (int j = 0; j < cases.locals().length; j++) {
            ValType t = fn.localTypes[cases.locals()[j]];
            if (!t.equals(cases.wide()[j] ? ValType.I64 : ValType.I32)) return false;
        }
        return fn.frameAt(cases.continuation()).labelTypes().isEmpty();
    }

    /**
     * Emits the lookup for a br_table whose index is on the stack: {@code depths} are its entries, the
     * default last. The caller marks the code after it unreachable.
     */
    static void emit(FunctionEmitter fn, Cases cases, int[] depths) {
        CodeBuilder code = fn.code;
        int n = depths.length - 1;
        int index = fn.scratch(TypeKind.INT, 0);
        code.istore(index);
        Label inRange = code.newLabel();
        code.iload(index);
        code.loadConstant(n);
        code.invokestatic(ClassDesc.of("java.lang.Integer"), "compareUnsigned", MethodTypeDesc.of(CD_int, CD_int, CD_int));
        code.ifle(inRange);
        code.loadConstant(n);
        code.istore(index);
        code.labelBinding(inRange);

        Map<Integer, Label> trampolines = new LinkedHashMap<>();
        Map<Integer, Integer> otherTargets = new LinkedHashMap<>(); // depth -> ordinal (0 = a case)
        StringBuilder ordinals = new StringBuilder(depths.length);
        for (int depth : depths) {
            int ordinal = depth < cases.continuation() ? 0 : otherTargets.computeIfAbsent(depth, d -> otherTargets.size() + 1);
            ordinals.append((char) (ordinal + 1)); // + 1: one UTF-8 byte each
        }
        if (!otherTargets.isEmpty()) {
            Label assign = code.newLabel();
            code.ldc(code.constantPool().stringEntry(ordinals.toString()));
            code.iload(index);
            code.invokevirtual(CD_String, "charAt", MethodTypeDesc.of(CD_char, CD_int));
            List<SwitchCase> switchCases = new ArrayList<>();
            switchCases.add(SwitchCase.of(1, assign));
            for (Map.Entry<Integer, Integer> e : otherTargets.entrySet()) {
                switchCases.add(SwitchCase.of(e.getValue() + 1, fn.labelFor(e.getKey(), trampolines)));
            }
            code.tableswitch(1, otherTargets.size() + 1, assign, switchCases);
            code.labelBinding(assign);
        }
        for (int j = 0; j < cases.locals().length; j++) {
            int local = cases.locals()[j];
            if (fn.splitter != null) fn.splitter.useLocal(local, true);
            boolean wide = cases.wide()[j];
            code.ldc(DynamicConstantDesc.ofNamed(wide ? LONGS : INTS, "local" + local,
                    wide ? CD_long.arrayType() : CD_int.arrayType(), table(cases, depths, j, wide)));
            code.iload(index);
            if (wide) {
                code.laload();
                code.lstore(fn.localSlots[local]);
            } else {
                code.iaload();
                code.istore(fn.localSlots[local]);
            }
        }
        fn.branchTo(fn.frameAt(cases.continuation()));
        for (Map.Entry<Integer, Label> e : trampolines.entrySet()) {
            code.labelBinding(e.getValue());
            fn.branchTo(fn.frameAt(e.getKey()));
        }
    }

    /** The values of local {@code j} by entry (0 where the entry is no case: it never reads it). */
    private static String table(Cases cases, int[] depths, int j, boolean wide) {
        long[] values = new long[depths.length];
        for (int e = 0; e < depths.length; e++) {
            if (depths[e] < cases.continuation()) values[e] = cases.caseValues()[depths[e]][j];
        }
        if (wide) return LookupTables.encodeLongs(values);
        int[] ints = new int[values.length];
        for (int e = 0; e < values.length; e++) ints[e] = (int) values[e];
        return LookupTables.encodeInts(ints);
    }
}
