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
}
