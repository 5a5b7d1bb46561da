package dev.gatun.internal.compile;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.Opcode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which functions of a module may change a memory's array or size before they return: those that run
 * memory.grow, call an imported function (a host function may grow any memory it reaches), call through a
 * table or a reference, make a tail call, or call a function that may. A direct call of any other function
 * leaves memory 0's array and size as they were, so the caller keeps them in its JVM locals instead of
 * reloading them ({@link MemoryEmitter#reloadMemory}): three dependent field loads less per call, and inside a
 * loop the locals stay loop-invariant across the call, so C2 can still hoist the bounds checks of the loop's
 * accesses (a reload after a call makes the array and size new values on every iteration).
 */
final class MemoryGrowth {
    private MemoryGrowth() {}

    /** By function index (imports first): whether a call of it may grow a memory. */
    static BitSet mayGrow(List<FunctionBody> bodies, int importedFunctionCount) {
        int count = importedFunctionCount + bodies.size();
        BitSet grows = new BitSet(count);
        grows.set(0, importedFunctionCount);
        List<int[]> callees = new ArrayList<>(bodies.size());
        for (int f = 0; f < bodies.size(); f++) {
            DirectCalls calls = scan(bodies.get(f));
            callees.add(calls.targets);
            if (calls.growsItself) grows.set(importedFunctionCount + f);
        }
        boolean changed = true;
        while (changed) { // to the fixed point: a caller of a growing function grows
            changed = false;
            for (int f = 0; f < bodies.size(); f++) {
                int index = importedFunctionCount + f;
                if (grows.get(index)) continue;
                for (int callee : callees.get(f)) {
                    if (grows.get(callee)) {
                        grows.set(index);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return grows;
    }

    private record DirectCalls(int[] targets, boolean growsItself) {}

    private static DirectCalls scan(FunctionBody body) {
        CodeReader reader = new CodeReader(body.code());
        int[] targets = new int[8];
        int count = 0;
        while (reader.hasNext()) {
            Opcode op = reader.next();
            switch (op) {
                case CALL -> {
                    if (count == targets.length) targets = java.util.Arrays.copyOf(targets, count * 2);
                    targets[count++] = reader.index;
                }
                case MEMORY_GROW, CALL_INDIRECT, CALL_REF, RETURN_CALL, RETURN_CALL_INDIRECT, RETURN_CALL_REF -> {
                    return new DirectCalls(new int[0], true);
                }
                default -> { }
            }
        }
        return new DirectCalls(java.util.Arrays.copyOf(targets, count), false);
    }
}
