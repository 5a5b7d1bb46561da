package dev.gatun.wasi;

import dev.gatun.WasmException;
import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.model.Externals.FuncRef;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.internal.text.WatParser;
import dev.gatun.internal.validate.Validator;
import dev.gatun.internal.wasi.WasiPreview1;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;

/**
 * A WASI command module, decoded (or parsed from WAT) and validated, ready to run any number of times with
 * a {@link WasiConfig}. Extra host functions of type {@code [] -> []} (e.g. sightglass's {@code bench.start})
 * can be supplied with {@link #withHostAction}.
 */
public final class WasiProgram {
    private final ModuleModel module;
    private final Map<String, Map<String, Runnable>> hostActions = new LinkedHashMap<>();

    private WasiProgram(ModuleModel module) {
        this.module = module;
    }

    /** Reads a {@code .wasm} binary, or WebAssembly text when the file does not start with the binary magic. */
    public static WasiProgram load(Path file) throws IOException {
        return fromBytes(Files.readAllBytes(file));
    }

    public static WasiProgram fromBytes(byte[] bytes) {
        boolean binary = bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
        ModuleModel module = binary ? ModuleDecoder.decode(bytes)
                : WatParser.parseModule(new String(bytes, StandardCharsets.UTF_8));
        Validator.validate(module);
        return new WasiProgram(module);
    }

    /** Fuel-metered code only when a fuel limit is asked for: the plain code is faster. */
    private dev.gatun.internal.compile.CompiledModule compile(boolean fuel) {
        return ModuleCompiler.compile(Validator.validate(module), true, fuel);
    }

    /** Provides the import {@code module.name : [] -> []} as a host action. */
    public WasiProgram withHostAction(String moduleName, String name, Runnable action) {
        hostActions.computeIfAbsent(moduleName, k -> new LinkedHashMap<>()).put(name, action);
        return this;
    }

    /** Names of the program's imports, as {@code module.name}. */
    public List<String> imports() {
        return module.imports().stream().map(i -> i.module() + "." + i.name()).toList();
    }

    /** Runs the command's {@code _start}; returns 0 when it returns, else the code it gave to {@code proc_exit}. */
    public int run(WasiConfig config) {
        return invoke(config, "_start");
    }

    /**
     * Instantiates with WASI and calls the exported function {@code name} (no parameters). Traps propagate as
     * {@link dev.gatun.WasmTrap}; {@code proc_exit} becomes the return value.
     */
    public int invoke(WasiConfig config, String name) {
        return invoke(config, name, null);
    }

    /**
     * As {@link #invoke(WasiConfig, String)}, interrupting the guest (an {@link dev.gatun.InterruptedTrap}) when
     * it runs longer than {@code timeout} (null: no limit).
     */
    public int invoke(WasiConfig config, String name, Duration timeout) {
        return invoke(config, name, timeout, null);
    }

    /**
     * As {@link #invoke(WasiConfig, String, Duration)}, with a deadline checked by the guest's own code
     * (an {@link dev.gatun.InterruptedTrap} naming the deadline) and, when {@code fuel} is not null, that
     * much fuel (an {@link dev.gatun.OutOfFuelTrap} when it runs out).
     */
    public int invoke(WasiConfig config, String name, Duration timeout, Long fuel) {
        AtomicReference<LinearMemory> memory = new AtomicReference<>();
        WasiPreview1 wasi = new WasiPreview1(config, memory::get);
        Timer timer = timeout == null ? null : new Timer("gatun-wasi-timeout", true);
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        try {
            Instance instance = Instance.instantiate(compile(fuel != null), imports(wasi),
                    Instance.DEFAULT_MAX_CALL_DEPTH, Arena.ofAuto(), ctx -> {
                        if (timeout != null) ctx.limits.setDeadline(ctx, deadline);
                        if (fuel != null) {
                            ctx.limits.enableFuel(ctx);
                            ctx.limits.setFuel(ctx, fuel);
                        }
                    });
            if (instance.export("memory") instanceof LinearMemory exported) memory.set(exported);
            if (timer != null) {
                timer.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        instance.interrupt();
                    }
                }, Math.max(1, timeout.toMillis()) + 100); // backstop: the deadline check normally fires first
            }
            instance.invoke(name);
            return 0;
        } catch (WasiExit exit) {
            return exit.code();
        } finally {
            if (timer != null) timer.cancel();
            wasi.closeAll();
        }
    }

    private Map<String, Map<String, Object>> imports(WasiPreview1 wasi) {
        Map<String, Map<String, Object>> imports = new HashMap<>();
        for (Import imp : module.imports()) {
            Object value = null;
            if (imp.module().equals(WasiPreview1.MODULE)) {
                WasiPreview1.Function function = wasi.functions().get(imp.name());
                if (function == null) throw new WasmException("unknown WASI function " + imp.module() + "." + imp.name());
                checkSignature(imp, function.signature());
                value = function.body();
            } else if (hostActions.getOrDefault(imp.module(), Map.of()).get(imp.name()) instanceof Runnable action) {
                checkSignature(imp, ":");
                value = (HostFunction) args -> {
                    action.run();
                    return null;
                };
            }
            if (value != null) imports.computeIfAbsent(imp.module(), k -> new HashMap<>()).put(imp.name(), value);
        }
        return imports;
    }

    private void checkSignature(Import imp, String expected) {
        if (!(imp.type() instanceof FuncRef ref)
                || !(module.types().get(ref.typeIndex()).composite() instanceof FuncType type)
                || !expected.equals(WasiPreview1.signatureOf(type))) {
            throw new WasmException("import " + imp.module() + "." + imp.name() + " has the wrong type: WASI says "
                    + expected + " (i = i32, I = i64)");
        }
    }
}
