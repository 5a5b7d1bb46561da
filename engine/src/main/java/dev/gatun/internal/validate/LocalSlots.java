package dev.gatun.internal.validate;

import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.ValType;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The locals of the function being validated, kept run-length encoded (a declared count may be huge), and
 * which non-defaultable locals are initialized. Initialization is scoped to blocks: a log of newly
 * initialized locals lets a block's end forget what was set inside it.
 */
final class LocalSlots {
    /** Beyond this count, local types are not materialized one per slot. */
    private static final long MAX_LOCALS = 0xFFFF_FFFFL;
    /** Locals below this index are tracked in a bit set, others (rare, huge functions) in a hash set. */
    private static final int DENSE_LIMIT = 1 << 16;

    private ValType[] runTypes = new ValType[16];
    /** Exclusive end index of each run. */
    private long[] runEnds = new long[16];
    private int runCount;
    private long count;
    private int paramCount;

    private final BitSet initializedLow = new BitSet();
    private final Set<Long> initializedHigh = new HashSet<>();
    private long[] log = new long[16];
    private int logSize;

    /** Resets to a function's parameters and declared locals; returns false if more than 2^32-1 locals. */
    boolean reset(List<ValType> params, List<Locals> declared) {
        runCount = 0;
        count = 0;
        initializedLow.clear();
        initializedHigh.clear();
        logSize = 0;
        for (ValType p : params) addRun(1, p);
        paramCount = params.size();
        for (Locals l : declared) {
            if (l.count() < 0 || l.count() > MAX_LOCALS - count) return false;
            if (l.count() > 0) addRun(l.count(), l.type());
        }
        return true;
    }

    private void addRun(long n, ValType t) {
        if (runCount == runTypes.length) {
            runTypes = Arrays.copyOf(runTypes, runCount * 2);
            runEnds = Arrays.copyOf(runEnds, runCount * 2);
        }
        count += n;
        runTypes[runCount] = t;
        runEnds[runCount] = count;
        runCount++;
    }

    /** The type of a local, or null if there is no such local. */
    ValType typeOf(long index) {
        if (index < 0 || index >= count) return null;
        int lo = 0;
        int hi = runCount - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (runEnds[mid] > index) hi = mid;
            else lo = mid + 1;
        }
        return runTypes[lo];
    }

    /** Every declared local type, for checking they are valid. */
    ValType runType(int run) {
        return runTypes[run];
    }

    int runCount() {
        return runCount;
    }

    static boolean isDefaultable(ValType t) {
        return !t.isRef() || t.nullable();
    }

    boolean isInitialized(long index, ValType type) {
        if (index < paramCount || isDefaultable(type)) return true;
        return index < DENSE_LIMIT ? initializedLow.get((int) index) : initializedHigh.contains(index);
    }

    void markInitialized(long index, ValType type) {
        if (isInitialized(index, type)) return;
        if (index < DENSE_LIMIT) initializedLow.set((int) index);
        else initializedHigh.add(index);
        if (logSize == log.length) log = Arrays.copyOf(log, logSize * 2);
        log[logSize++] = index;
    }

    /** A mark to restore initialization to when the current block ends. */
    int mark() {
        return logSize;
    }

    void resetTo(int mark) {
        while (logSize > mark) {
            long index = log[--logSize];
            if (index < DENSE_LIMIT) initializedLow.clear((int) index);
            else initializedHigh.remove(index);
        }
    }
}
