package dev.gatun.internal.runtime;

import dev.gatun.V128;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Lane access and lane-wise mapping over a {@link V128}'s two halves. Integer lanes are read sign-extended;
 * operations mask when they need the unsigned value. The operators are non-capturing lambdas, so after
 * inlining these loops allocate nothing but the result.
 */
final class V128Lanes {
    private V128Lanes() {}

    static int i8(V128 v, int i) {
        return (byte) ((i < 8 ? v.lo() : v.hi()) >>> ((i & 7) * 8));
    }

    static int i16(V128 v, int i) {
        return (short) ((i < 4 ? v.lo() : v.hi()) >>> ((i & 3) * 16));
    }

    static int i32(V128 v, int i) {
        return (int) ((i < 2 ? v.lo() : v.hi()) >>> ((i & 1) * 32));
    }

    static long i64(V128 v, int i) {
        return i == 0 ? v.lo() : v.hi();
    }

    /** Builds a vector from 16 byte lanes produced by {@code lane(i)}. */
    static V128 of8(IntUnaryOperator lane) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            lo |= (lane.applyAsInt(i) & 0xFFL) << (i * 8);
            hi |= (lane.applyAsInt(i + 8) & 0xFFL) << (i * 8);
        }
        return new V128(lo, hi);
    }

    static V128 of16(IntUnaryOperator lane) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 4; i++) {
            lo |= (lane.applyAsInt(i) & 0xFFFFL) << (i * 16);
            hi |= (lane.applyAsInt(i + 4) & 0xFFFFL) << (i * 16);
        }
        return new V128(lo, hi);
    }

    static V128 of32(IntUnaryOperator lane) {
        return new V128(pack32(lane.applyAsInt(0), lane.applyAsInt(1)), pack32(lane.applyAsInt(2), lane.applyAsInt(3)));
    }

    static long pack32(int low, int high) {
        return (low & 0xFFFFFFFFL) | ((long) high << 32);
    }

    static V128 map8(V128 a, V128 b, IntBinaryOperator f) {
        return of8(i -> f.applyAsInt(i8(a, i), i8(b, i)));
    }

    static V128 map8(V128 a, IntUnaryOperator f) {
        return of8(i -> f.applyAsInt(i8(a, i)));
    }

    static V128 map16(V128 a, V128 b, IntBinaryOperator f) {
        return of16(i -> f.applyAsInt(i16(a, i), i16(b, i)));
    }

    static V128 map16(V128 a, IntUnaryOperator f) {
        return of16(i -> f.applyAsInt(i16(a, i)));
    }

    static V128 map32(V128 a, V128 b, IntBinaryOperator f) {
        return new V128(pack32(f.applyAsInt((int) a.lo(), (int) b.lo()), f.applyAsInt((int) (a.lo() >>> 32), (int) (b.lo() >>> 32))),
                pack32(f.applyAsInt((int) a.hi(), (int) b.hi()), f.applyAsInt((int) (a.hi() >>> 32), (int) (b.hi() >>> 32))));
    }

    static V128 map32(V128 a, IntUnaryOperator f) {
        return new V128(pack32(f.applyAsInt((int) a.lo()), f.applyAsInt((int) (a.lo() >>> 32))),
                pack32(f.applyAsInt((int) a.hi()), f.applyAsInt((int) (a.hi() >>> 32))));
    }

    static V128 map64(V128 a, V128 b, LongBinaryOperator f) {
        return new V128(f.applyAsLong(a.lo(), b.lo()), f.applyAsLong(a.hi(), b.hi()));
    }

    static V128 map64(V128 a, LongUnaryOperator f) {
        return new V128(f.applyAsLong(a.lo()), f.applyAsLong(a.hi()));
    }

    static int mask(boolean b) {
        return b ? -1 : 0;
    }
}
