package dev.gatun.spring.autoconfigure.function;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.gatun.ExportType;
import dev.gatun.ExternType;
import dev.gatun.FuncType;
import dev.gatun.Instance;
import dev.gatun.Memory;
import dev.gatun.Value;
import dev.gatun.ValueType;
import dev.gatun.spring.autoconfigure.GatunProperties.AbiProperties;
import dev.gatun.spring.autoconfigure.WasmConfigurationException;
import dev.gatun.spring.autoconfigure.exception.WasmExecutionException;
import dev.gatun.spring.autoconfigure.module.WasmModuleRuntime;

/**
 * One interface method bound to one export, with the ABI:
 * <ul>
 * <li>{@code int}/{@code boolean} ↔ i32, {@code long} ↔ i64, {@code float} ↔ f32, {@code double} ↔ f64;
 * <li>a {@code String} (UTF-8), {@code byte[]} or {@code ByteBuffer} argument is copied into memory the guest's
 * allocator returns and passed as two i32: pointer, length;
 * <li>such a result is returned by the guest as one i64: pointer in the high 32 bits, length in the low 32.
 * </ul>
 */
final class FunctionBinding {
    private enum Kind {
        INT(ValueType.I32), BOOLEAN(ValueType.I32), LONG(ValueType.I64), FLOAT(ValueType.F32), DOUBLE(ValueType.F64),
        STRING(null), BYTES(null), BYTE_BUFFER(null), VOID(null);

        final ValueType wasm;

        Kind(ValueType wasm) {
            this.wasm = wasm;
        }

        boolean inMemory() {
            return this == STRING || this == BYTES || this == BYTE_BUFFER;
        }

        static Optional<Kind> of(Class<?> type) {
            if (type == int.class) return Optional.of(INT);
            if (type == boolean.class) return Optional.of(BOOLEAN);
            if (type == long.class) return Optional.of(LONG);
            if (type == float.class) return Optional.of(FLOAT);
            if (type == double.class) return Optional.of(DOUBLE);
            if (type == String.class) return Optional.of(STRING);
            if (type == byte[].class) return Optional.of(BYTES);
            if (type == ByteBuffer.class) return Optional.of(BYTE_BUFFER);
            if (type == void.class) return Optional.of(VOID);
            return Optional.empty();
        }
    }

    private final String export;
    private final Kind[] params;
    private final Kind result;
    private final WasmModuleRuntime runtime;
    private final AbiProperties abi;
    private final boolean freeAfter;

    private FunctionBinding(String export, Kind[] params, Kind result, WasmModuleRuntime runtime, boolean freeAfter) {
        this.export = export;
        this.params = params;
        this.result = result;
        this.runtime = runtime;
        this.abi = runtime.settings().abi();
        this.freeAfter = freeAfter;
    }

    /** Binds the method, checking its signature against the export's; a mismatch is a start-up failure. */
    static FunctionBinding bind(Class<?> type, Method method, WasmModuleRuntime runtime) {
        WasmFunction annotation = method.getAnnotation(WasmFunction.class);
        String where = type.getSimpleName() + "." + method.getName();
        if (annotation == null) {
            throw mismatch(where + " is not annotated @WasmFunction",
                    "Annotate every abstract method of " + type.getSimpleName() + " with @WasmFunction, or make it a default method");
        }
        String export = annotation.value().isEmpty() ? method.getName() : annotation.value();
        Class<?>[] javaParams = method.getParameterTypes();
        Kind[] params = new Kind[javaParams.length];
        List<ValueType> wasmParams = new ArrayList<>();
        for (int i = 0; i < javaParams.length; i++) {
            Class<?> javaParam = javaParams[i];
            Kind kind = Kind.of(javaParam).filter(k -> k != Kind.VOID).orElseThrow(() -> mismatch(
                    where + " has a parameter of unsupported type " + javaParam.getName(),
                    "Use int, long, float, double, boolean, String, byte[] or ByteBuffer"));
            params[i] = kind;
            if (kind.inMemory()) {
                wasmParams.add(ValueType.I32);
                wasmParams.add(ValueType.I32);
            } else {
                wasmParams.add(kind.wasm);
            }
        }
        Kind result = Kind.of(method.getReturnType()).orElseThrow(() -> mismatch(
                where + " returns unsupported type " + method.getReturnType().getName(),
                "Return void, int, long, float, double, boolean, String, byte[] or ByteBuffer"));
        List<ValueType> wasmResults = result == Kind.VOID ? List.of()
                : List.of(result.inMemory() ? ValueType.I64 : result.wasm);
        FuncType expected = FuncType.of(wasmParams, wasmResults);

        String module = runtime.name();
        FuncType actual = exportedFunction(runtime, export).orElseThrow(() -> mismatch(
                where + " calls export '" + export + "', which module '" + module + "' does not export as a function"
                        + " (its exports: " + runtime.module().exports() + ")",
                "Fix @WasmFunction(\"...\") on " + where + " or rebuild module '" + module + "' to export '" + export + "'"));
        if (!actual.equals(expected)) {
            throw mismatch(where + " needs export '" + export + "' of type " + expected + ", but module '" + module
                    + "' exports it as " + actual,
                    "Change the Java signature of " + where + " or the export; see docs/spring.md for the type mapping");
        }
        boolean needsMemory = result.inMemory() || List.of(params).stream().anyMatch(Kind::inMemory);
        boolean freeAfter = false;
        if (needsMemory) {
            AbiProperties abi = runtime.settings().abi();
            boolean hasMemory = runtime.module().exports().stream()
                    .anyMatch(e -> e.name().equals(abi.memory()) && e.type() instanceof ExternType.Memory);
            if (!hasMemory) {
                throw mismatch(where + " passes strings or bytes, but module '" + module + "' exports no memory '"
                        + abi.memory() + "'", "Export the memory, or set gatun.modules." + module + ".abi.memory");
            }
            if (List.of(params).stream().anyMatch(Kind::inMemory)) {
                FuncType allocType = exportedFunction(runtime, abi.allocator()).orElseThrow(() -> mismatch(
                        where + " passes strings or bytes, but module '" + module + "' exports no allocator '"
                                + abi.allocator() + "'",
                        "Export malloc (i32)->i32 or cabi_realloc, and set gatun.modules." + module + ".abi.allocator"));
                FuncType wanted = isRealloc(abi) ? FuncType.of(List.of(ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32), List.of(ValueType.I32))
                        : FuncType.of(List.of(ValueType.I32), List.of(ValueType.I32));
                if (!allocType.equals(wanted)) {
                    throw mismatch("allocator '" + abi.allocator() + "' of module '" + module + "' has type " + allocType
                            + ", needs " + wanted, "Export an allocator of that type or set gatun.modules." + module + ".abi.allocator");
                }
                freeAfter = !abi.deallocator().isEmpty() && exportedFunction(runtime, abi.deallocator())
                        .filter(t -> t.equals(FuncType.of(List.of(ValueType.I32), List.of()))).isPresent();
            }
        }
        return new FunctionBinding(export, params, result, runtime, freeAfter);
    }

    private static boolean isRealloc(AbiProperties abi) {
        return abi.allocator().contains("realloc");
    }

    private static Optional<FuncType> exportedFunction(WasmModuleRuntime runtime, String name) {
        for (ExportType e : runtime.module().exports()) {
            if (e.name().equals(name) && e.type() instanceof ExternType.Func f) return Optional.of(f.type());
        }
        return Optional.empty();
    }

    private static WasmConfigurationException mismatch(String message, String action) {
        return new WasmConfigurationException(message, action);
    }

    Object call(Object[] args) {
        return runtime.call(export, instance -> {
            List<Value> wasmArgs = new ArrayList<>();
            List<Integer> allocated = new ArrayList<>();
            for (int i = 0; i < params.length; i++) {
                Object arg = args[i];
                switch (params[i]) {
                    case INT -> wasmArgs.add(Value.i32((Integer) arg));
                    case BOOLEAN -> wasmArgs.add(Value.i32((Boolean) arg ? 1 : 0));
                    case LONG -> wasmArgs.add(Value.i64((Long) arg));
                    case FLOAT -> wasmArgs.add(Value.f32((Float) arg));
                    case DOUBLE -> wasmArgs.add(Value.f64((Double) arg));
                    case STRING, BYTES, BYTE_BUFFER -> {
                        byte[] bytes = toBytes(params[i], arg, i);
                        int pointer = allocate(instance, bytes.length);
                        if (bytes.length > 0) instance.memory(abi.memory()).write(Integer.toUnsignedLong(pointer), bytes);
                        allocated.add(pointer);
                        wasmArgs.add(Value.i32(pointer));
                        wasmArgs.add(Value.i32(bytes.length));
                    }
                    default -> throw new IllegalStateException(params[i].toString());
                }
            }
            Value[] results = instance.function(export).call(wasmArgs.toArray(Value[]::new));
            Object converted = convert(instance, results);
            if (freeAfter) {
                for (int pointer : allocated) instance.function(abi.deallocator()).call(Value.i32(pointer));
            }
            return converted;
        });
    }

    private byte[] toBytes(Kind kind, Object arg, int index) {
        if (arg == null) {
            throw new WasmExecutionException(runtime.name(), export, "argument " + index + " is null", null);
        }
        return switch (kind) {
            case STRING -> ((String) arg).getBytes(StandardCharsets.UTF_8);
            case BYTES -> (byte[]) arg;
            default -> {
                ByteBuffer buffer = ((ByteBuffer) arg).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                yield bytes;
            }
        };
    }

    private int allocate(Instance instance, int size) {
        Value[] result = isRealloc(abi)
                ? instance.function(abi.allocator()).call(Value.i32(0), Value.i32(0), Value.i32(1), Value.i32(size))
                : instance.function(abi.allocator()).call(Value.i32(size));
        int pointer = result[0].asInt();
        if (pointer == 0 && size > 0) {
            throw new WasmExecutionException(runtime.name(), export, "guest allocator '" + abi.allocator()
                    + "' returned null for " + size + " bytes", null);
        }
        return pointer;
    }

    private Object convert(Instance instance, Value[] results) {
        return switch (result) {
            case VOID -> null;
            case INT -> results[0].asInt();
            case BOOLEAN -> results[0].asInt() != 0;
            case LONG -> results[0].asLong();
            case FLOAT -> results[0].asFloat();
            case DOUBLE -> results[0].asDouble();
            case STRING, BYTES, BYTE_BUFFER -> {
                long packed = results[0].asLong();
                long pointer = packed >>> 32;
                int length = (int) (packed & 0xFFFF_FFFFL);
                Memory memory = instance.memory(abi.memory());
                if (length < 0 || pointer + length > memory.byteSize()) {
                    throw new WasmExecutionException(runtime.name(), export, "result (pointer " + pointer + ", length "
                            + Integer.toUnsignedString(length) + ") lies outside guest memory of " + memory.byteSize() + " bytes", null);
                }
                byte[] bytes = memory.read(pointer, length);
                yield switch (result) {
                    case STRING -> new String(bytes, StandardCharsets.UTF_8);
                    case BYTES -> bytes;
                    default -> ByteBuffer.wrap(bytes);
                };
            }
        };
    }
}
