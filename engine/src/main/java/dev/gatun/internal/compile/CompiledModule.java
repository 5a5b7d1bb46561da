package dev.gatun.internal.compile;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.runtime.VmContextLayout;
import java.lang.invoke.MethodHandle;

/**
 * A module compiled to a hidden class, ready to be instantiated any number of times.
 *
 * @param compiledFunctions per defined function, the static method handle {@code (params, ctx) -> r0}
 * @param functionTypes     per function of the index space (imports first), its type
 * @param functionTypeIds   per function of the index space, its canonical type id
 * @param canonicalTypeIds  per type index, its canonical type id
 * @param maxExtraResults   the most results beyond the first of any function or block type (scratch size)
 * @param maxParams         the most params of any function type (tail-call argument scratch size)
 * @param heapBoundsExplicit whether its code bounds heap accesses by the Wasm size, so the heap memories it
 *                          defines may keep spare capacity ({@code CompilationUnit.heapBoundsExplicit})
 */
public record CompiledModule(ModuleModel module, VmContextLayout layout, Class<?> generatedClass,
                             MethodHandle[] compiledFunctions, FuncType[] functionTypes, int[] functionTypeIds,
                             int[] canonicalTypeIds, int maxExtraResults, int maxParams,
                             boolean offHeapMemories, boolean heapBoundsExplicit) {

    /**
     * Whether a memory of these limits is a heap {@code byte[]} in this module's code (and so must be in its
     * instances): {@link dev.gatun.internal.runtime.HeapMemory#fits}, unless the module was compiled with every
     * memory off-heap ({@code offHeapMemories}).
     */
    public boolean memoryOnHeap(dev.gatun.internal.model.Limits limits) {
        return !offHeapMemories && dev.gatun.internal.runtime.HeapMemory.fits(limits);
    }

    public int importedFunctionCount() {
        return functionTypes.length - compiledFunctions.length;
    }
}
