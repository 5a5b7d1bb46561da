package dev.gatun.benchmarks.jmh;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.validate.Validator;
import java.util.Map;

/**
 * One instance of the kernel module on one engine, with a call taking and returning one i32. Both engines are
 * driven through their ordinary public entry points (Gatun's {@code Instance.invoke}, Chicory's export handle),
 * so call overhead is included; the kernels run long enough (milliseconds) for it not to matter.
 */
public interface KernelInstance {
    int call(String function, int argument);

    static KernelInstance gatun(byte[] wasm) {
        return gatun(wasm, false);
    }

    /** With {@code offHeapMemories}, every memory is off-heap (as with {@code EngineConfig.Builder.offHeapMemories}). */
    static KernelInstance gatun(byte[] wasm, boolean offHeapMemories) {
        var compiled = ModuleCompiler.compile(Validator.validate(ModuleDecoder.decode(wasm)), true, false, offHeapMemories);
        var instance = dev.gatun.internal.runtime.Instance.instantiate(compiled, Map.of(),
                dev.gatun.internal.runtime.Instance.DEFAULT_MAX_CALL_DEPTH);
        return (function, argument) -> (Integer) instance.invoke(function, argument)[0];
    }

    static KernelInstance chicoryCompiler(byte[] wasm) {
        WasmModule module = Parser.parse(wasm);
        Instance instance = Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build();
        return (function, argument) -> (int) instance.export(function).apply(argument)[0];
    }

    static KernelInstance chicoryInterpreter(byte[] wasm) {
        Instance instance = Instance.builder(Parser.parse(wasm)).build();
        return (function, argument) -> (int) instance.export(function).apply(argument)[0];
    }

    /** By the engine names of the corpus runner. */
    static KernelInstance of(String engine, byte[] wasm) {
        return switch (engine) {
            case "gatun" -> gatun(wasm);
            case "gatun-off-heap" -> gatun(wasm, true);
            case "chicory-compiler" -> chicoryCompiler(wasm);
            case "chicory-interpreter" -> chicoryInterpreter(wasm);
            default -> throw new IllegalArgumentException("no kernel adapter for engine " + engine);
        };
    }
}
