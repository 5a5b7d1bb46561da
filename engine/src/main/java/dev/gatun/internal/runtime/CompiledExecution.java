package dev.gatun.internal.runtime;

import dev.gatun.CallStackExhaustedTrap;
import dev.gatun.WasmException;
import dev.gatun.WasmTrap;
import dev.gatun.internal.compile.NotSupportedException;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.WastCommand;
import dev.gatun.internal.text.WastValue;
import dev.gatun.internal.wast.Execution;
import dev.gatun.internal.wast.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plugs the compiler into the spec-script runner: instantiates modules, resolves registrations and the
 * standard {@code spectest} host module, runs actions and checks {@code assert_return}, {@code assert_trap},
 * {@code assert_exhaustion}, {@code assert_unlinkable}. What the engine does not support yet (GC values,
 * ...) is skipped with the reason, never passed.
 */
public final class CompiledExecution implements Execution {

    /** A host reference ({@code ref.extern N}) as scripts pass it. */
    public record HostRef(long value) {}

    /** Fuel given to every instance when {@link #meterFuel}: far more than any script uses. */
    private static final long SCRIPT_FUEL = Long.MAX_VALUE / 2;
    private final boolean meterFuel;

    public CompiledExecution() {
        this(false);
    }

    /** @param meterFuel compile every module with fuel metering (a test of that code shape on the scripts) */
    public CompiledExecution(boolean meterFuel) {
        this.meterFuel = meterFuel;
    }

    @Override
    public Session newSession() {
        return new ScriptSession(meterFuel);
    }

    private static final class ScriptSession implements Session {
        private final Map<String, Map<String, Object>> registered = new HashMap<>();
        private final Map<String, Instance> named = new HashMap<>();
        private final Map<String, ModuleModel> definitions = new HashMap<>();
        private Instance current;
        /** Why the last module was skipped (commands on it are skipped too), or null. */
        private String currentSkipped;
        private final Map<String, String> skippedNames = new HashMap<>();
        /** Registration names whose module was skipped: modules importing from them are skipped too. */
        private final Map<String, String> skippedRegistrations = new HashMap<>();

        private final boolean meterFuel;

        ScriptSession(boolean meterFuel) {
            this.meterFuel = meterFuel;
            registered.put("spectest", spectest());
        }

        private Instance instantiate(ModuleModel module, Map<String, Map<String, Object>> imports) {
            if (!meterFuel) return Instance.instantiate(module, imports);
            var compiled = dev.gatun.internal.compile.ModuleCompiler.compile(
                    dev.gatun.internal.validate.Validator.validate(module), true, true);
            return Instance.instantiate(compiled, imports, Instance.DEFAULT_MAX_CALL_DEPTH,
                    java.lang.foreign.Arena.ofAuto(), ctx -> {
                        ctx.limits.enableFuel(ctx);
                        ctx.limits.setFuel(ctx, SCRIPT_FUEL);
                    });
        }

        @Override
        public Outcome module(WastCommand.Module command, ModuleModel module) {
            if (command.definition()) {
                if (command.name() != null) definitions.put(command.name(), module);
                return Outcome.PASSED;
            }
            current = null;
            currentSkipped = null;
            for (var imp : module.imports()) {
                String skipped = skippedRegistrations.get(imp.module());
                if (skipped != null) {
                    currentSkipped = skipped;
                    if (command.name() != null) skippedNames.put(command.name(), skipped);
                    return Outcome.skipped(skipped + " (in imported module " + imp.module() + ")");
                }
            }
            try {
                Instance instance = instantiate(module, imports());
                current = instance;
                if (command.name() != null) named.put(command.name(), instance);
                return Outcome.PASSED;
            } catch (NotSupportedException e) {
                currentSkipped = e.getMessage();
                if (command.name() != null) skippedNames.put(command.name(), e.getMessage());
                return Outcome.skipped(e.getMessage());
            } catch (WasmException e) {
                return Outcome.failed("instantiation failed: " + e.getMessage());
            }
        }

        /** Registered instances' exports by module name, looked up when linking. */
        private Map<String, Map<String, Object>> imports() {
            return registered;
        }

        @Override
        public Outcome command(WastCommand command, ModuleModel module) {
            try {
                return run(command, module);
            } catch (NotSupportedException e) {
                return Outcome.skipped(e.getMessage());
            } catch (UnsupportedValue e) {
                return Outcome.skipped(e.getMessage());
            }
        }

        private Outcome run(WastCommand command, ModuleModel module) {
            switch (command) {
                case WastCommand.Register r -> {
                    String skipped = r.moduleName() == null ? currentSkipped : skippedNames.get(r.moduleName());
                    if (skipped != null) {
                        skippedRegistrations.put(r.as(), skipped);
                        return Outcome.skipped(skipped);
                    }
                    Instance instance = instance(r.moduleName());
                    if (instance == null) return Outcome.failed("no module to register");
                    registered.put(r.as(), instance.exports());
                    return Outcome.PASSED;
                }
                case WastCommand.Instance i -> {
                    ModuleModel definition = definitions.get(i.moduleName());
                    if (definition == null) return Outcome.failed("no module definition " + i.moduleName());
                    Instance instance = instantiate(definition, imports());
                    if (i.instanceName() != null) named.put(i.instanceName(), instance);
                    current = instance;
                    return Outcome.PASSED;
                }
                case WastCommand.ActionCommand a -> {
                    Result r = perform(a.action());
                    return r.error == null || r.error instanceof WasmTrap ? Outcome.PASSED
                            : Outcome.failed("action failed: " + r.error.getMessage());
                }
                case WastCommand.AssertReturn a -> {
                    Result r = perform(a.action());
                    if (r.error != null) return Outcome.failed("expected values, got " + describe(r.error));
                    return compare(a.expected(), r.values);
                }
                case WastCommand.AssertTrap a -> {
                    return expectTrap(perform(a.action()).error, a.message());
                }
                case WastCommand.AssertException a -> {
                    Throwable error = perform(a.action()).error;
                    return error instanceof ThrownException ? Outcome.PASSED
                            : Outcome.failed("expected an uncaught exception, got " + describe(error));
                }
                case WastCommand.AssertExhaustion a -> {
                    Throwable error = perform(a.action()).error;
                    return error instanceof CallStackExhaustedTrap ? Outcome.PASSED
                            : Outcome.failed("expected call stack exhaustion, got " + describe(error));
                }
                case WastCommand.AssertModuleTrap a -> {
                    try {
                        instantiate(module, imports());
                        return Outcome.failed("expected trap \"" + a.message() + "\", but it instantiated");
                    } catch (WasmTrap e) {
                        return expectTrap(e, a.message());
                    }
                }
                case WastCommand.AssertUnlinkable a -> {
                    try {
                        instantiate(module, imports());
                        return Outcome.failed("expected unlinkable \"" + a.message() + "\", but it linked");
                    } catch (LinkException e) {
                        return Outcome.PASSED;
                    }
                }
                default -> {
                    return Outcome.skipped("not supported: " + command.getClass().getSimpleName());
                }
            }
        }

        private Instance instance(String name) {
            Instance instance = name == null ? current : named.get(name);
            if (instance == null && name == null && currentSkipped != null) throw new UnsupportedValue(currentSkipped);
            if (instance == null && name != null && skippedNames.containsKey(name)) {
                throw new UnsupportedValue(skippedNames.get(name));
            }
            return instance;
        }

        private record Result(Object[] values, Throwable error) {}

        private Result perform(WastCommand.Action action) {
            switch (action) {
                case WastCommand.Action.Invoke invoke -> {
                    Instance instance = instance(invoke.module());
                    if (instance == null) throw new WasmException("no instance " + invoke.module());
                    Object[] args = new Object[invoke.args().size()];
                    for (int i = 0; i < args.length; i++) args[i] = argument(invoke.args().get(i));
                    try {
                        return new Result(instance.invoke(invoke.name(), args), null);
                    } catch (NotSupportedException e) {
                        throw e;
                    } catch (WasmException e) {
                        return new Result(null, e);
                    }
                }
                case WastCommand.Action.Get get -> {
                    Instance instance = instance(get.module());
                    if (instance == null) throw new WasmException("no instance " + get.module());
                    return new Result(new Object[] {instance.getGlobal(get.name())}, null);
                }
            }
        }

        private static Outcome expectTrap(Throwable error, String message) {
            if (error instanceof WasmTrap trap) {
                return trap.getMessage().startsWith(message) ? Outcome.PASSED
                        : Outcome.failed("expected trap \"" + message + "\", got \"" + trap.getMessage() + "\"");
            }
            return Outcome.failed("expected trap \"" + message + "\", got " + describe(error));
        }

        private static String describe(Throwable error) {
            return error == null ? "no trap" : error.getClass().getSimpleName() + ": " + error.getMessage();
        }
    }

    /** A script value the engine cannot represent yet (v128, GC references, ...). */
    private static final class UnsupportedValue extends RuntimeException {
        UnsupportedValue(String what) {
            super(what.startsWith("not supported: ") ? what : "not supported: " + what, null, false, false);
        }
    }

    static Object argument(WastValue value) {
        return switch (value) {
            case WastValue.Num n -> switch (n.type().kind()) {
                case I32 -> (int) n.bits();
                case I64 -> n.bits();
                case F32 -> Float.intBitsToFloat((int) n.bits());
                case F64 -> Double.longBitsToDouble(n.bits());
                default -> throw new UnsupportedValue("argument of type " + n.type());
            };
            case WastValue.RefNull r -> null;
            case WastValue.RefExtern r -> new HostRef(r.value());
            case WastValue.V128 v -> new dev.gatun.V128(v.lo(), v.hi());
            case WastValue.RefHost r -> new HostRef(r.value());
            default -> throw new UnsupportedValue("argument " + value);
        };
    }

    static Outcome compare(List<WastValue> expected, Object[] actual) {
        if (expected.size() != actual.length) {
            return Outcome.failed("expected " + expected.size() + " results, got " + actual.length);
        }
        for (int i = 0; i < actual.length; i++) {
            if (!matches(expected.get(i), actual[i])) {
                return Outcome.failed("result " + i + ": expected " + expected.get(i) + ", got " + show(actual[i]));
            }
        }
        return Outcome.PASSED;
    }

    private static boolean matches(WastValue expected, Object actual) {
        return switch (expected) {
            case WastValue.Num n -> switch (n.type().kind()) {
                case I32 -> actual instanceof Integer v && v == (int) n.bits();
                case I64 -> actual instanceof Long v && v == n.bits();
                case F32 -> actual instanceof Float v && Float.floatToRawIntBits(v) == (int) n.bits();
                case F64 -> actual instanceof Double v && Double.doubleToRawLongBits(v) == n.bits();
                default -> throw new UnsupportedValue("result of type " + n.type());
            };
            case WastValue.NanPattern p -> switch (p.type().kind()) {
                case F32 -> actual instanceof Float v && nanMatches(Float.floatToRawIntBits(v) & 0x7FFFFFFFL,
                        0x7FC00000L, p.canonical());
                case F64 -> actual instanceof Double v && nanMatches(Double.doubleToRawLongBits(v) & Long.MAX_VALUE,
                        0x7FF8000000000000L, p.canonical());
                default -> throw new UnsupportedValue("NaN pattern of type " + p.type());
            };
            case WastValue.V128 v -> actual instanceof dev.gatun.V128 a && a.lo() == v.lo() && a.hi() == v.hi();
            case WastValue.V128Pattern p -> actual instanceof dev.gatun.V128 a && lanesMatch(p, a);
            case WastValue.RefNull r -> actual == null;
            // (ref.extern) without a number: any non-null external reference (internalized values included)
            case WastValue.RefExtern r -> r.value() == null ? actual != null
                    : actual instanceof HostRef h && h.value() == r.value();
            case WastValue.RefPattern r -> switch (r.kind()) {
                case "func" -> actual instanceof FunctionRef;
                case "extern" -> actual != null;
                case "host" -> actual instanceof HostRef;
                case "i31" -> actual instanceof I31;
                case "eq" -> actual instanceof I31 || actual instanceof WasmStruct || actual instanceof WasmArray;
                case "struct" -> actual instanceof WasmStruct;
                case "array" -> actual instanceof WasmArray;
                case "any" -> actual != null && !(actual instanceof FunctionRef);
                case "exn" -> actual instanceof ThrownException;
                case "null" -> actual == null;
                default -> throw new UnsupportedValue("result " + expected);
            };
            case WastValue.RefHost r -> actual instanceof HostRef h && (r.value() == null || h.value() == r.value());
            case WastValue.Either e -> e.alternatives().stream().anyMatch(a -> matches(a, actual));
            default -> throw new UnsupportedValue("result " + expected);
        };
    }

    /** Each lane of a v128 result against its pattern: exact bits, or a NaN pattern on a float lane. */
    private static boolean lanesMatch(WastValue.V128Pattern pattern, dev.gatun.V128 actual) {
        int count = pattern.lanes().size();
        int width = 128 / count;
        long laneMask = width == 64 ? -1L : (1L << width) - 1;
        for (int i = 0; i < count; i++) {
            int bitOffset = i * width;
            long half = bitOffset < 64 ? actual.lo() : actual.hi();
            long bits = (half >>> (bitOffset & 63)) & laneMask;
            boolean ok = switch (pattern.lanes().get(i)) {
                case WastValue.Num n -> bits == (n.bits() & laneMask);
                case WastValue.NanPattern p -> width == 32
                        ? nanMatches(bits & 0x7FFFFFFFL, 0x7FC00000L, p.canonical())
                        : nanMatches(bits & Long.MAX_VALUE, 0x7FF8000000000000L, p.canonical());
                default -> throw new UnsupportedValue("v128 lane pattern " + pattern.lanes().get(i));
            };
            if (!ok) return false;
        }
        return true;
    }

    /** Canonical: exactly the quiet bit; arithmetic: the quiet bit set, any payload. */
    private static boolean nanMatches(long magnitude, long canonical, boolean mustBeCanonical) {
        return mustBeCanonical ? magnitude == canonical : (magnitude & canonical) == canonical;
    }

    private static String show(Object value) {
        return switch (value) {
            case Float f -> f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
            case Double d -> d + " (0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
            case null -> "null";
            default -> value.toString();
        };
    }

    /** The spec tests' standard host module. */
    static Map<String, Object> spectest() {
        Map<String, Object> m = new HashMap<>();
        HostFunction print = args -> new Object[0];
        m.put("print", print);
        m.put("print_i32", print);
        m.put("print_i64", print);
        m.put("print_f32", print);
        m.put("print_f64", print);
        m.put("print_i32_f32", print);
        m.put("print_f64_f64", print);
        m.put("global_i32", WasmGlobal.host(new GlobalType(ValType.I32, false), 666));
        m.put("global_i64", WasmGlobal.host(new GlobalType(ValType.I64, false), 666L));
        m.put("global_f32", WasmGlobal.host(new GlobalType(ValType.F32, false), 666.6f));
        m.put("global_f64", WasmGlobal.host(new GlobalType(ValType.F64, false), 666.6));
        m.put("table", new Table(ValType.FUNCREF, 10, 20, null));
        m.put("table64", new Table(ValType.FUNCREF, 10, 20, true, null));
        m.put("memory", new HeapMemory(1, 2));
        m.put("shared_memory", new SharedMemory(1, 2));
        return m;
    }
}
