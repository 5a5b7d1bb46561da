package dev.gatun;

import dev.gatun.internal.compile.JvmTypes;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.runtime.FunctionRef;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.WasmGlobal;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import dev.gatun.internal.wasi.WasiPreview1;
import dev.gatun.wasi.WasiConfig;
import dev.gatun.wasi.WasiExit;

/**
 * Definitions for imports by {@code module.name}: host functions (typed lambdas, {@code MethodHandle}s or
 * the generic {@link HostFunction}), host memories, tables and globals, and other instances' exports. A
 * linker is reusable: {@link #instantiatePre} checks a module's imports once, and the resulting
 * {@link InstancePre} instantiates it any number of times. Defining is not thread-safe; instantiating is.
 */
public final class Linker {
    private final Engine engine;
    private final Map<String, Object> definitions = new LinkedHashMap<>();

    /** A host function with an exact JVM type (maybe taking a {@link Caller} first). */
    record TypedHost(String where, MethodHandle handle, boolean takesCaller, MethodType wasmType) {}

    /** A host function in the generic form. */
    record GenericHost(FuncType type, HostFunction function) {}

    /** Another instance's export (a runtime value), kept alive with its instance. */
    record InstanceExport(Instance instance, Object value) {}

    /** A WASI preview1 function; its state (fd table) is made per instance by {@link WasiSession}. */
    record WasiImport(Supplier<WasiConfig> configs, String name, String signature) {}

    public Linker(Engine engine) {
        this.engine = engine;
    }

    public Engine engine() {
        return engine;
    }

    private Linker define(String module, String name, Object definition) {
        String key = key(module, name);
        if (definitions.putIfAbsent(key, definition) != null) {
            throw new IllegalArgumentException(module + "." + name + " is already defined");
        }
        return this;
    }

    static String key(String module, String name) {
        return module + '\u0000' + name;
    }

    /**
     * A host function from a {@code MethodHandle}: parameter and return types int (i32), long (i64),
     * float (f32), double (f64), Object (a reference), void; an optional first {@link Caller} parameter.
     */
    public Linker func(String module, String name, MethodHandle handle) {
        MethodType type = handle.type();
        boolean takesCaller = type.parameterCount() > 0 && type.parameterType(0) == Caller.class;
        MethodType wasm = takesCaller ? type.dropParameterTypes(0, 1) : type;
        for (Class<?> c : wasm.parameterList()) checkJavaType(module, name, c);
        if (wasm.returnType() != void.class) checkJavaType(module, name, wasm.returnType());
        return define(module, name, new TypedHost(module + "." + name, handle, takesCaller, wasm));
    }

    /**
     * A host function from a typed lambda of a public functional interface, e.g.
     * {@code linker.func("env", "add", IntBinaryOperator.class, (a, b) -> a + b)}.
     */
    public <T> Linker func(String module, String name, Class<T> functionalInterface, T lambda) {
        Method method = singleAbstractMethod(functionalInterface);
        try {
            MethodHandle handle = MethodHandles.publicLookup().unreflect(method).bindTo(lambda);
            return func(module, name, handle);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(functionalInterface.getName() + " is not accessible: " + e.getMessage());
        }
    }

    /** A host function in the generic form: any type, several results included. */
    public Linker func(String module, String name, FuncType type, HostFunction function) {
        return define(module, name, new GenericHost(type, function));
    }

    public Linker memory(String module, String name, Memory memory) {
        return define(module, name, memory);
    }

    public Linker global(String module, String name, Global global) {
        return define(module, name, global);
    }

    public Linker table(String module, String name, Table table) {
        return define(module, name, table);
    }

    /**
     * Defines every {@code wasi_snapshot_preview1} function. Each instance gets its own WASI state (fd table,
     * open files) made from {@code config}; a pooled instance gets a fresh one whenever it is returned.
     * {@code proc_exit} unwinds the call as a {@link WasiExit}. The guest's memory 0 is the one WASI reads.
     */
    public Linker defineWasi(WasiConfig config) {
        java.util.Objects.requireNonNull(config, "config");
        return defineWasi(() -> config);
    }

    /**
     * As {@link #defineWasi(WasiConfig)}, asking {@code configs} for a config each time an instance's WASI
     * state is made (at instantiation and at each pool return), e.g. for fresh streams per instance. For
     * output per call, see {@link dev.gatun.wasi.WasiCapture}.
     */
    public Linker defineWasi(Supplier<WasiConfig> configs) {
        java.util.Objects.requireNonNull(configs, "configs");
        for (String name : WasiPreview1.signatures().keySet()) { // all or nothing
            if (definitions.containsKey(key(WasiPreview1.MODULE, name))) {
                throw new IllegalArgumentException(WasiPreview1.MODULE + "." + name + " is already defined");
            }
        }
        WasiPreview1.signatures().forEach((name, signature) ->
                define(WasiPreview1.MODULE, name, new WasiImport(configs, name, signature)));
        return this;
    }

    /** Every export of {@code instance}, importable as {@code moduleName.exportName}. */
    public Linker instance(String moduleName, Instance instance) {
        for (ExportType export : instance.exports()) {
            define(moduleName, export.name(), new InstanceExport(instance, instance.runtime.export(export.name())));
        }
        return this;
    }

    /** Checks {@code module}'s imports against the definitions once; instantiate the result many times. */
    public InstancePre instantiatePre(Module module) {
        if (module.engine() != engine) throw new IllegalArgumentException("the module was compiled by another engine");
        List<InstancePre.Resolved> resolved = new ArrayList<>();
        int functionIndex = 0;
        for (Import imp : module.model().imports()) {
            ExternType expected = module.typeOf(imp);
            Object definition = definitions.get(key(imp.module(), imp.name()));
            if (definition == null) {
                throw new UnlinkableException("unknown import " + imp.module() + "." + imp.name() + ": expected "
                        + expected + ", nothing defined under that name");
            }
            String found = checkType(expected, definition);
            if (found != null) {
                throw new UnlinkableException("incompatible import type for " + imp.module() + "." + imp.name()
                        + ": expected " + expected + ", found " + found);
            }
            int index = expected instanceof ExternType.Func ? functionIndex++ : -1;
            resolved.add(new InstancePre.Resolved(imp, expected, definition, index));
        }
        return new InstancePre(module, resolved);
    }

    /** Instantiates {@code module} with these definitions. */
    public Instance instantiate(Module module) {
        return instantiatePre(module).instantiate();
    }

    /** Null when {@code definition} can satisfy {@code expected}, else a description of what it is. */
    private static String checkType(ExternType expected, Object definition) {
        return switch (definition) {
            case TypedHost host -> expected instanceof ExternType.Func f
                    && f.type().results().size() <= 1
                    && JvmTypes.targetType(f.type().internal()).equals(host.wasmType())
                    ? null : "host function of Java type " + host.wasmType();
            case GenericHost host -> expected instanceof ExternType.Func f && f.type().equals(host.type())
                    ? null : "host function " + host.type();
            case Memory memory -> expected instanceof ExternType.Memory ? null : memory.type().toString();
            case Global global -> expected instanceof ExternType.Global g && g.equals(global.externType())
                    ? null : global.externType().toString();
            case Table table -> expected instanceof ExternType.Table t && t.element() == table.elementType()
                    ? null : "table of " + table.elementType();
            case InstanceExport export -> checkExport(expected, export.value());
            case WasiImport wasi -> expected instanceof ExternType.Func f && WasiPreview1.signatureOf(f.type().internal()).equals(wasi.signature())
                    ? null : "WASI function " + wasi.name() + " of signature " + wasi.signature() + " (i = i32, I = i64)";
            default -> "an unknown definition";
        };
    }

    private static String checkExport(ExternType expected, Object value) {
        return switch (value) {
            case FunctionRef ref -> expected instanceof ExternType.Func f && f.type().equals(FuncType.of(ref.type))
                    ? null : "func " + FuncType.of(ref.type);
            case HeapMemory m -> expected instanceof ExternType.Memory ? null : "a memory";
            case dev.gatun.internal.runtime.SharedMemory m -> expected instanceof ExternType.Memory ? null : "a shared memory";
            case dev.gatun.internal.runtime.OffHeapMemory m -> expected instanceof ExternType.Memory ? null : "a memory";
            case WasmGlobal g -> expected instanceof ExternType.Global eg && eg.equals(new Global(g).externType())
                    ? null : new Global(g).externType().toString();
            case dev.gatun.internal.runtime.Table t -> expected instanceof ExternType.Table ? null : "a table";
            default -> expected instanceof ExternType.Tag ? null : "a tag";
        };
    }

    private static void checkJavaType(String module, String name, Class<?> c) {
        if (c != int.class && c != long.class && c != float.class && c != double.class && c != Object.class) {
            throw new IllegalArgumentException("host function " + module + "." + name + ": Java type " + c.getName()
                    + " has no Wasm equivalent (int, long, float, double, Object)");
        }
    }

    private static Method singleAbstractMethod(Class<?> type) {
        if (!type.isInterface()) throw new IllegalArgumentException(type.getName() + " is not an interface");
        Method found = null;
        for (Method m : type.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers()) || isObjectMethod(m)) continue;
            if (found != null) throw new IllegalArgumentException(type.getName() + " has more than one abstract method");
            found = m;
        }
        if (found == null) throw new IllegalArgumentException(type.getName() + " has no abstract method");
        return found;
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
