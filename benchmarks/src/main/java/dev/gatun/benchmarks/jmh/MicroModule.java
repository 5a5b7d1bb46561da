package dev.gatun.benchmarks.jmh;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.gatun.Engine;
import dev.gatun.Linker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Issue 4's call-overhead module ({@code micro.wat}, binary {@code micro.wasm}) and the host function it imports
 * as {@code env.f}, linked the same way on both engines.
 */
public final class MicroModule {
    public static final String ADD = "add";
    public static final String CALL_HOST = "call_host";
    public static final String DATA_BYTE = "data_byte";
    /** Where the module's data segment ("gatun micro benchmark") starts. */
    public static final int DATA_ADDRESS = 16;

    private MicroModule() {
    }

    /** The host function the guest imports as env.f. Cheap, so that the call itself is what is measured. */
    public static int host(int x) {
        return 3 * x + 1;
    }

    /** What call_host(n) returns: the sum of host(i) for i in [0, n), wrapping like i32. */
    public static int expectedHostSum(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) sum += host(i);
        return sum;
    }

    public static Linker gatunLinker(Engine engine) {
        return new Linker(engine).func("env", "f", IntUnaryOperator.class, MicroModule::host);
    }

    public static ImportValues chicoryImports() {
        var type = FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
        var f = new HostFunction("env", "f", type, (instance, args) -> new long[] {host((int) args[0])});
        return ImportValues.builder().addFunction(f).build();
    }

    public static byte[] binary() {
        return resource("micro.wasm");
    }

    public static String text() {
        return new String(resource("micro.wat"), StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = MicroModule.class.getResourceAsStream("/dev/gatun/benchmarks/kernels/" + name)) {
            if (in == null) throw new IllegalStateException("benchmark resource missing from the classpath: " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read benchmark resource " + name, e);
        }
    }
}
