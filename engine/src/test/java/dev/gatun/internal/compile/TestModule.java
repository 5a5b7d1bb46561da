package dev.gatun.internal.compile;

import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Externals;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.Opcode;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.SubType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.Instance;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small modules for compiler tests without the text parser: function bodies are written as a flat
 * instruction list using the opcode table's mnemonics, e.g. {@code "local.get 0 i32.const 1 i32.add"}.
 * Block types: a value type token after block/loop/if ({@code block i32}), or {@code type=N}. Memargs:
 * optional {@code offset=N}. br_table: all following integers, the last one the default.
 * f32/f64 constants: Java float syntax, {@code nan}, {@code -nan}, {@code nan:0xPAYLOAD}, {@code inf}, {@code -inf}.
 */
final class TestModule {
    private final ModuleModel.Builder builder = new ModuleModel.Builder();
    private final Map<FuncType, Integer> typeIndices = new HashMap<>();
    private int functionCount;

    static ValType valType(String name) {
        return switch (name) {
            case "i32" -> ValType.I32;
            case "i64" -> ValType.I64;
            case "f32" -> ValType.F32;
            case "f64" -> ValType.F64;
            case "funcref" -> ValType.FUNCREF;
            case "externref" -> ValType.EXTERNREF;
            default -> null;
        };
    }

    /** "i32 i64 -> f32" style signature. */
    static FuncType sig(String signature) {
        String[] parts = signature.split("->", -1);
        return new FuncType(types(parts[0]), types(parts[1]));
    }

    private static List<ValType> types(String list) {
        List<ValType> out = new ArrayList<>();
        for (String t : list.trim().split("\\s+")) {
            if (!t.isEmpty()) out.add(valType(t));
        }
        return out;
    }

    int type(String signature) {
        FuncType t = sig(signature);
        return typeIndices.computeIfAbsent(t, k -> {
            builder.addRecGroup(List.of(SubType.plain(k)));
            return builder.types.size() - 1;
        });
    }

    int importFunction(String module, String name, String signature) {
        if (!builder.functionTypes.isEmpty()) throw new IllegalStateException("imports before definitions");
        builder.imports.add(new ModuleModel.Import(module, name, new Externals.FuncRef(type(signature))));
        return functionCount++;
    }

    void importGlobal(String module, String name, ValType type, boolean mutable) {
        builder.imports.add(new ModuleModel.Import(module, name, new GlobalType(type, mutable)));
    }

    void importMemory(String module, String name, long min, long max) {
        builder.imports.add(new ModuleModel.Import(module, name, new MemoryType(new Limits(min, max, false, false))));
    }

    /** Defines a function; {@code locals} like "i32 i64"; returns its index. Exported under {@code name} if non-null. */
    int func(String name, String signature, String locals, String body) {
        int index = functionCount++;
        builder.functionTypes.add(type(signature));
        List<Locals> declared = new ArrayList<>();
        for (ValType t : types(locals)) declared.add(new Locals(1, t));
        builder.bodies.add(new ModuleModel.FunctionBody(declared, assemble(body)));
        if (name != null) export(name, ExternKind.FUNC, index);
        return index;
    }

    int func(String name, String signature, String body) {
        return func(name, signature, "", body);
    }

    /** A function body with a raw locals declaration (for huge counts). */
    void funcWithLocals(String name, String signature, List<Locals> locals, String body) {
        int index = functionCount++;
        builder.functionTypes.add(type(signature));
        builder.bodies.add(new ModuleModel.FunctionBody(locals, assemble(body)));
        export(name, ExternKind.FUNC, index);
    }

    void export(String name, ExternKind kind, int index) {
        builder.exports.add(new ModuleModel.Export(name, kind, index));
    }

    void memory(long min, long max) {
        builder.memories.add(new MemoryType(new Limits(min, max, false, false)));
    }

    void data(int offset, byte[] bytes) {
        builder.datas.add(new ModuleModel.DataSegment(ModuleModel.SegmentMode.ACTIVE, 0,
                assemble("i32.const " + offset), ByteSlice.of(bytes)));
    }

    int global(String exportName, ValType type, boolean mutable, String init) {
        builder.globals.add(new ModuleModel.GlobalDef(new GlobalType(type, mutable), assemble(init)));
        int index = builder.globals.size() - 1 + (int) builder.imports.stream()
                .filter(i -> i.type() instanceof GlobalType).count();
        if (exportName != null) export(exportName, ExternKind.GLOBAL, index);
        return index;
    }

    void table(long min, long max) {
        builder.tables.add(new ModuleModel.TableDef(new TableType(ValType.FUNCREF, new Limits(min, max, false, false)), null));
    }

    void elements(int offset, int... functionIndices) {
        builder.elements.add(new ModuleModel.ElementSegment(ModuleModel.SegmentMode.ACTIVE, 0,
                assemble("i32.const " + offset), ValType.FUNCREF, functionIndices, null));
    }

    void start(int function) {
        builder.start = function;
    }

    ModuleModel build() {
        return builder.build();
    }

    Instance instantiate() {
        return Instance.instantiate(build(), Map.of());
    }

    Instance instantiate(Map<String, Map<String, Object>> imports) {
        return Instance.instantiate(build(), imports);
    }

    // ---- the flat assembler ----

    static ByteSlice assemble(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] tokens = body.trim().isEmpty() ? new String[0] : body.trim().split("\\s+");
        int i = 0;
        while (i < tokens.length) {
            Opcode op = Opcode.byMnemonic(tokens[i]);
            if (op == null) throw new IllegalArgumentException("unknown mnemonic " + tokens[i]);
            i++;
            if (op.prefix == 0) {
                out.write(op.code);
            } else {
                out.write(op.prefix);
                unsigned(out, op.code);
            }
            switch (op.immediate) {
                case NONE -> { }
                case BLOCK -> {
                    if (i < tokens.length && valType(tokens[i]) != null) {
                        out.write(typeByte(valType(tokens[i++])));
                    } else if (i < tokens.length && tokens[i].startsWith("type=")) {
                        signed(out, Long.parseLong(tokens[i++].substring(5)));
                    } else {
                        out.write(0x40);
                    }
                }
                case LABEL, FUNC, LOCAL, GLOBAL, TABLE, TYPE -> unsigned(out, Long.parseLong(tokens[i++]));
                case MEMORY -> out.write(0);
                case CALL_INDIRECT -> {
                    unsigned(out, Long.parseLong(tokens[i++]));
                    unsigned(out, Long.parseLong(tokens[i++]));
                }
                case BR_TABLE -> {
                    List<Long> labels = new ArrayList<>();
                    while (i < tokens.length && tokens[i].matches("\\d+")) labels.add(Long.parseLong(tokens[i++]));
                    unsigned(out, labels.size() - 1);
                    for (long l : labels) unsigned(out, l);
                }
                case MEMARG -> {
                    long offset = 0;
                    if (i < tokens.length && tokens[i].startsWith("offset=")) offset = Long.parseLong(tokens[i++].substring(7));
                    unsigned(out, op.naturalAlignment);
                    unsigned(out, offset);
                }
                case I32 -> signed(out, (int) parseInteger(tokens[i++]));
                case I64 -> signed(out, parseInteger(tokens[i++]));
                case F32 -> {
                    int bits = f32Bits(tokens[i++]);
                    for (int k = 0; k < 4; k++) out.write(bits >>> (8 * k));
                }
                case F64 -> {
                    long bits = f64Bits(tokens[i++]);
                    for (int k = 0; k < 8; k++) out.write((int) (bits >>> (8 * k)));
                }
                case SELECT_T -> {
                    out.write(1);
                    out.write(typeByte(valType(tokens[i++])));
                }
                case HEAPTYPE -> out.write(tokens[i++].equals("func") ? 0x70 : 0x6F);
                default -> throw new IllegalArgumentException("assembler cannot encode " + op.mnemonic);
            }
        }
        out.write(0x0B);
        return ByteSlice.of(out.toByteArray());
    }

    private static int typeByte(ValType t) {
        return switch (t.kind()) {
            case I32 -> 0x7F;
            case I64 -> 0x7E;
            case F32 -> 0x7D;
            case F64 -> 0x7C;
            default -> t.heapType() == HeapType.FUNC ? 0x70 : 0x6F;
        };
    }

    static long parseInteger(String s) {
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        long v = digits.startsWith("0x") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseUnsignedLong(digits);
        return negative ? -v : v;
    }

    static int f32Bits(String s) {
        boolean negative = s.startsWith("-");
        String m = negative ? s.substring(1) : s;
        int bits;
        if (m.equals("nan")) bits = 0x7FC00000;
        else if (m.startsWith("nan:0x")) bits = 0x7F800000 | Integer.parseInt(m.substring(6), 16);
        else if (m.equals("inf")) bits = 0x7F800000;
        else return Float.floatToRawIntBits(Float.parseFloat(s));
        return negative ? bits | 0x80000000 : bits;
    }

    static long f64Bits(String s) {
        boolean negative = s.startsWith("-");
        String m = negative ? s.substring(1) : s;
        long bits;
        if (m.equals("nan")) bits = 0x7FF8000000000000L;
        else if (m.startsWith("nan:0x")) bits = 0x7FF0000000000000L | Long.parseLong(m.substring(6), 16);
        else if (m.equals("inf")) bits = 0x7FF0000000000000L;
        else return Double.doubleToRawLongBits(Double.parseDouble(s));
        return negative ? bits | 0x8000000000000000L : bits;
    }

    private static void unsigned(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    private static void signed(ByteArrayOutputStream out, long v) {
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) return;
        }
    }
}
