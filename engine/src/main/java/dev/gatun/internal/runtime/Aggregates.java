package dev.gatun.internal.runtime;

import dev.gatun.ArrayOutOfBoundsTrap;
import dev.gatun.NullArrayReferenceTrap;
import dev.gatun.NullStructureReferenceTrap;
import dev.gatun.WasmException;

/**
 * Struct and array instructions for compiled code: allocation, field and element access with the spec's
 * null and bounds traps. Values cross as raw bits (the emitter converts) or references; packed fields are
 * extended on read.
 */
public final class Aggregates {
    private Aggregates() {}

    /** Arrays beyond this many elements are refused rather than risking the JVM heap. */
    public static final int ELEMENT_LIMIT = 10_000_000;

    public static Object newStruct(int typeId, int fieldCount) {
        return new WasmStruct(typeId, fieldCount);
    }

    /** For struct.new: fills field {@code i} of a fresh struct. */
    public static void initBits(Object struct, int i, long bits) {
        ((WasmStruct) struct).bits[i] = bits;
    }

    public static void initRef(Object struct, int i, Object value) {
        ((WasmStruct) struct).refs[i] = value;
    }

    private static WasmStruct struct(Object ref) {
        if (ref == null) throw new NullStructureReferenceTrap();
        return (WasmStruct) ref;
    }

    public static long getBits(Object ref, int field) {
        return struct(ref).bits[field];
    }

    public static Object getRef(Object ref, int field) {
        return struct(ref).refs[field];
    }

    public static void setBits(Object ref, long bits, int field) {
        struct(ref).bits[field] = bits;
    }

    public static void setRef(Object ref, Object value, int field) {
        struct(ref).refs[field] = value;
    }

    /** A packed (8- or 16-bit) value's low bits, sign- or zero-extended to i32. */
    public static int unpack(long bits, int width, boolean signed) {
        int shift = 32 - width;
        int v = (int) bits << shift;
        return signed ? v >> shift : v >>> shift;
    }

    // ---- arrays ----

    private static int checkedLength(int length) {
        if (length < 0 || length > ELEMENT_LIMIT) {
            throw new WasmException("out of memory: array of " + Integer.toUnsignedString(length)
                    + " elements exceeds the implementation limit of " + ELEMENT_LIMIT);
        }
        return length;
    }

    public static Object newArray(long init, int length, int typeId) {
        WasmArray array = new WasmArray(typeId, checkedLength(length), false);
        if (init != 0) java.util.Arrays.fill(array.bits, init);
        return array;
    }

    public static Object newDefaultArray(int length, int typeId, boolean references) {
        return new WasmArray(typeId, checkedLength(length), references);
    }

    public static Object newRefArray(Object init, int length, int typeId) {
        WasmArray array = new WasmArray(typeId, checkedLength(length), true);
        if (init != null) java.util.Arrays.fill(array.refs, init);
        return array;
    }

    private static WasmArray array(Object ref) {
        if (ref == null) throw new NullArrayReferenceTrap();
        return (WasmArray) ref;
    }

    private static int index(WasmArray array, int index) {
        if (Integer.toUnsignedLong(index) >= array.length()) throw new ArrayOutOfBoundsTrap();
        return index;
    }

    public static long arrayGetBits(Object ref, int index) {
        WasmArray a = array(ref);
        return a.bits[index(a, index)];
    }

    public static Object arrayGetRef(Object ref, int index) {
        WasmArray a = array(ref);
        return a.refs[index(a, index)];
    }

    public static void arraySetBits(Object ref, int index, long bits) {
        WasmArray a = array(ref);
        a.bits[index(a, index)] = bits;
    }

    public static void arraySetRef(Object ref, int index, Object value) {
        WasmArray a = array(ref);
        a.refs[index(a, index)] = value;
    }

    public static int arrayLength(Object ref) {
        return array(ref).length();
    }

    // ---- bulk array operations ----

    /** array.fill with a value of each JVM type (packed values keep their low bits). */
    public static void arrayFill(Object ref, int index, int value, int length) {
        fillBits(ref, index, value, length);
    }

    public static void arrayFill(Object ref, int index, long value, int length) {
        fillBits(ref, index, value, length);
    }

    public static void arrayFill(Object ref, int index, float value, int length) {
        fillBits(ref, index, Float.floatToRawIntBits(value), length);
    }

    public static void arrayFill(Object ref, int index, double value, int length) {
        fillBits(ref, index, Double.doubleToRawLongBits(value), length);
    }

    public static void arrayFill(Object ref, int index, Object value, int length) {
        WasmArray a = array(ref);
        int start = range(a, index, length);
        java.util.Arrays.fill(a.refs, start, start + length, value);
    }

    private static void fillBits(Object ref, int index, long bits, int length) {
        WasmArray a = array(ref);
        int start = range(a, index, length);
        java.util.Arrays.fill(a.bits, start, start + length, bits);
    }

    /** The start of {@code [index, index + length)} inside the array, or a trap. */
    private static int range(WasmArray a, int index, int length) {
        if (Integer.toUnsignedLong(index) + Integer.toUnsignedLong(length) > a.length()) throw new ArrayOutOfBoundsTrap();
        return index;
    }

    /** array.copy; overlapping ranges copy as if through a buffer. */
    public static void arrayCopy(Object target, int targetIndex, Object source, int sourceIndex, int length) {
        WasmArray t = array(target);
        WasmArray s = array(source);
        int d = range(t, targetIndex, length);
        int from = range(s, sourceIndex, length);
        if (t.bits != null) System.arraycopy(s.bits, from, t.bits, d, length);
        else System.arraycopy(s.refs, from, t.refs, d, length);
    }

    /** array.new_data: {@code length} elements of {@code elementBytes} each, little-endian, from a data segment. */
    public static Object arrayNewData(int offset, int length, InstanceContext ctx, int segment, int typeId,
                                      int elementBytes) {
        byte[] data = ctx.dataSegments[segment];
        checkData(data, offset, length, elementBytes);
        WasmArray a = new WasmArray(typeId, checkedLength(length), false);
        readData(data, offset, a, 0, length, elementBytes);
        return a;
    }

    /** array.init_data. */
    public static void arrayInitData(Object ref, int index, int offset, int length, InstanceContext ctx,
                                     int segment, int elementBytes) {
        WasmArray a = array(ref);
        int d = range(a, index, length);
        byte[] data = ctx.dataSegments[segment];
        checkData(data, offset, length, elementBytes);
        readData(data, offset, a, d, length, elementBytes);
    }

    private static void checkData(byte[] data, int offset, int length, int elementBytes) {
        long end = Integer.toUnsignedLong(offset) + Integer.toUnsignedLong(length) * elementBytes;
        if (end > data.length) throw new dev.gatun.MemoryOutOfBoundsTrap();
    }

    private static void readData(byte[] data, int offset, WasmArray a, int index, int length, int elementBytes) {
        for (int i = 0; i < length; i++) {
            long bits = 0;
            int at = offset + i * elementBytes;
            for (int b = elementBytes - 1; b >= 0; b--) bits = (bits << 8) | (data[at + b] & 0xFF);
            a.bits[index + i] = bits;
        }
    }

    /** array.new_elem: references from an element segment. */
    public static Object arrayNewElem(int offset, int length, InstanceContext ctx, int segment, int typeId) {
        Object[] values = ctx.elementSegments[segment];
        checkElements(values, offset, length);
        WasmArray a = new WasmArray(typeId, checkedLength(length), true);
        System.arraycopy(values, offset, a.refs, 0, length);
        return a;
    }

    /** array.init_elem. */
    public static void arrayInitElem(Object ref, int index, int offset, int length, InstanceContext ctx, int segment) {
        WasmArray a = array(ref);
        int d = range(a, index, length);
        Object[] values = ctx.elementSegments[segment];
        checkElements(values, offset, length);
        System.arraycopy(values, offset, a.refs, d, length);
    }

    private static void checkElements(Object[] values, int offset, int length) {
        if (Integer.toUnsignedLong(offset) + Integer.toUnsignedLong(length) > values.length) {
            throw new dev.gatun.TableOutOfBoundsTrap();
        }
    }
}
