package dev.gatun.internal.validate;

import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.model.ModuleModel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles small module binaries for validator tests, one entry per call, and decodes them with the real
 * decoder. Entries are raw bytes in the binary format; immediates in code are single-byte LEB128s (small
 * values), which keeps the tests readable next to the spec's encoding tables.
 */
final class TestModule {
    // value types and frequent opcodes
    static final int I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B;
    static final int FUNCREF = 0x70, EXTERNREF = 0x6F, ANYREF = 0x6E, EQREF = 0x6D, EXNREF = 0x69;
    static final int REF = 0x64, REF_NULL = 0x63;
    static final int FUNC = 0x60, STRUCT = 0x5F, ARRAY = 0x5E, SUB = 0x50, SUB_FINAL = 0x4F, REC = 0x4E;
    static final int EMPTY = 0x40, END = 0x0B;

    private final List<byte[]> types = new ArrayList<>();
    private final List<byte[]> imports = new ArrayList<>();
    private final List<Integer> functions = new ArrayList<>();
    private final List<byte[]> tables = new ArrayList<>();
    private final List<byte[]> memories = new ArrayList<>();
    private final List<byte[]> globals = new ArrayList<>();
    private final List<byte[]> exports = new ArrayList<>();
    private final List<byte[]> elements = new ArrayList<>();
    private final List<byte[]> datas = new ArrayList<>();
    private final List<byte[]> tags = new ArrayList<>();
    private final List<byte[]> codes = new ArrayList<>();
    private int start = -1;
    private boolean dataCount;

    static TestModule module() {
        return new TestModule();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    /** A raw type-section entry (a func/struct/array/sub/rec type). */
    TestModule type(int... raw) {
        types.add(bytes(raw));
        return this;
    }

    /** A function type entry from parameter and result value-type bytes, e.g. {@code funcType(of(I32), of())}. */
    TestModule funcType(int[] params, int[] results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FUNC);
        out.writeBytes(u32(typeCount(params)));
        for (int p : params) out.write(p);
        out.writeBytes(u32(typeCount(results)));
        for (int r : results) out.write(r);
        types.add(out.toByteArray());
        return this;
    }

    /** Value types in a byte list: {@code REF} / {@code REF_NULL} take the following heap type byte along. */
    private static int typeCount(int[] valTypeBytes) {
        int n = 0;
        for (int i = 0; i < valTypeBytes.length; i++, n++) {
            if (valTypeBytes[i] == REF || valTypeBytes[i] == REF_NULL) i++;
        }
        return n;
    }

    static int[] of(int... valTypes) {
        return valTypes;
    }

    /** A defined function of a type, with no locals; {@code code} is the instructions without the final end. */
    TestModule func(int typeIndex, int... code) {
        return funcWithLocals(typeIndex, new int[0], code);
    }

    /** A defined function; {@code localDecls} is the raw locals vector content (count, then (n, type) pairs). */
    TestModule funcWithLocals(int typeIndex, int[] localDecls, int... code) {
        functions.add(typeIndex);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (localDecls.length == 0) body.write(0);
        else body.writeBytes(bytes(localDecls));
        body.writeBytes(bytes(code));
        body.write(END);
        codes.add(body.toByteArray());
        return this;
    }

    /** Locals declaration helper: pairs of (count, type) for counts below 128. */
    static int[] locals(int... countTypePairs) {
        int[] r = new int[countTypePairs.length + 1];
        r[0] = countTypePairs.length / 2;
        System.arraycopy(countTypePairs, 0, r, 1, countTypePairs.length);
        return r;
    }

    TestModule importFunc(int typeIndex) {
        imports.add(concat(name("m"), name("f" + imports.size()), bytes(0x00, typeIndex)));
        return this;
    }

    TestModule importGlobal(int valType, boolean mutable) {
        imports.add(concat(name("m"), name("g" + imports.size()), bytes(0x03, valType, mutable ? 1 : 0)));
        return this;
    }

    /** A raw table type (and optional initializer in the 0x40 0x00 form when given raw). */
    TestModule table(int... raw) {
        tables.add(bytes(raw));
        return this;
    }

    /** A raw memory type (limits flags, min, max?). */
    TestModule memory(int... raw) {
        memories.add(bytes(raw));
        return this;
    }

    /** A raw global: value type bytes, mutability, init expression without the final end. */
    TestModule global(int... raw) {
        globals.add(concat(bytes(raw), bytes(END)));
        return this;
    }

    TestModule exportFunc(String name, int index) {
        exports.add(concat(name(name), bytes(0x00, index)));
        return this;
    }

    TestModule exportGlobal(String name, int index) {
        exports.add(concat(name(name), bytes(0x03, index)));
        return this;
    }

    /** A raw element segment. */
    TestModule elem(int... raw) {
        elements.add(bytes(raw));
        return this;
    }

    /** A raw data segment. */
    TestModule data(int... raw) {
        datas.add(bytes(raw));
        return this;
    }

    TestModule withDataCount() {
        dataCount = true;
        return this;
    }

    TestModule tag(int typeIndex) {
        tags.add(bytes(0x00, typeIndex));
        return this;
    }

    TestModule start(int functionIndex) {
        start = functionIndex;
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00));
        section(out, 1, types);
        section(out, 2, imports);
        if (!functions.isEmpty()) {
            List<byte[]> f = new ArrayList<>();
            for (int t : functions) f.add(u32(t));
            section(out, 3, f);
        }
        section(out, 4, tables);
        section(out, 5, memories);
        section(out, 13, tags);
        section(out, 6, globals);
        section(out, 7, exports);
        if (start >= 0) rawSection(out, 8, u32(start));
        section(out, 9, elements);
        if (dataCount) rawSection(out, 12, u32(datas.size()));
        if (!codes.isEmpty()) {
            List<byte[]> sized = new ArrayList<>();
            for (byte[] c : codes) sized.add(concat(u32(c.length), c));
            section(out, 10, sized);
        }
        section(out, 11, datas);
        return out.toByteArray();
    }

    ModuleModel decode() {
        return ModuleDecoder.decode(build());
    }

    ValidatedModule validate() {
        return Validator.validate(decode());
    }

    private static void section(ByteArrayOutputStream out, int id, List<byte[]> entries) {
        if (entries.isEmpty()) return;
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(u32(entries.size()));
        for (byte[] e : entries) content.writeBytes(e);
        rawSection(out, id, content.toByteArray());
    }

    private static void rawSection(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.writeBytes(u32(content.length));
        out.writeBytes(content);
    }

    static byte[] u32(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return out.toByteArray();
    }

    static int[] u32Ints(long value) {
        byte[] b = u32(value);
        int[] r = new int[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] & 0xFF;
        return r;
    }

    private static byte[] name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(u32(utf8.length), utf8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** Concatenates int arrays (for composing code sequences). */
    static int[] seq(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] r = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, r, i, p.length);
            i += p.length;
        }
        return r;
    }
}
