package dev.gatun.internal.text;

import dev.gatun.internal.model.ValType;
import java.util.List;

/** An argument or expected result in a {@code .wast} script. */
public sealed interface WastValue {

    /** An i32/i64/f32/f64 constant, as raw bits (f32 bits in the low 32). */
    record Num(ValType type, long bits) implements WastValue {}

    /** A v128 constant (little-endian halves). */
    record V128(long lo, long hi) implements WastValue {}

    /** {@code nan:canonical} or {@code nan:arithmetic} for an f32 or f64 result (or lane). */
    record NanPattern(ValType type, boolean canonical) implements WastValue {}

    /**
     * A v128 result written per lane, e.g. {@code (v128.const f32x4 nan:canonical 1.0 ...)}; each lane is a
     * {@link Num} (of the lane type: i8/i16 lanes as i32) or a {@link NanPattern}. {@code shape} is e.g.
     * {@code "f32x4"}.
     */
    record V128Pattern(String shape, List<WastValue> lanes) implements WastValue {}

    /** {@code (ref.null ht?)}: heapType is a heap type code or index, or null when not written. */
    record RefNull(Integer heapType) implements WastValue {}

    /** {@code (ref.extern N)} / {@code (ref.host N)}; value null means "any" (results only). */
    record RefExtern(Long value) implements WastValue {}

    record RefHost(Long value) implements WastValue {}

    /**
     * A result pattern naming only the kind of a non-null reference: {@code ref.func}, {@code ref.i31},
     * {@code ref.struct}, {@code ref.array}, {@code ref.eq}, {@code ref.any}, {@code ref.exn}, ... ({@code kind}
     * is the part after "ref."); {@code value} is the optional immediate when written (e.g. a function name).
     */
    record RefPattern(String kind, String value) implements WastValue {}

    /** {@code (either r1 r2 ...)}: any one of the alternatives. */
    record Either(List<WastValue> alternatives) implements WastValue {}
}
