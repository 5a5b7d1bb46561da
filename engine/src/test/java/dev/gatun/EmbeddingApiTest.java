package dev.gatun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class EmbeddingApiTest {
    private final Engine engine = Engine.create();

    private static final String ADD = """
            (module
              (memory (export "memory") 1)
              (global (export "counter") (mut i32) (i32.const 7))
              (global (export "fixed") i64 (i64.const 9))
              (data (i32.const 16) "hello")
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "pair") (param i64) (result i64 f64) (local.get 0) (f64.const 1.5))
              (func (export "trap") unreachable))
            """;

    @Test
    void typedAndGenericCalls() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        IntBinaryOperator add = instance.function("add").asIntBinaryOperator();
        assertThat(add.applyAsInt(40, 2)).isEqualTo(42);
        assertThat(instance.function("add").call(Value.i32(1), Value.i32(-3))).containsExactly(Value.i32(-2));
        assertThat(instance.function("pair").call(Value.i64(5))).containsExactly(Value.i64(5), Value.f64(1.5));
        assertThat(instance.function("add").type()).isEqualTo(FuncType.of(List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)));
    }

    @Test
    void exactMethodHandle() throws Throwable {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        MethodHandle add = instance.function("add").handle();
        assertThat(add.type()).isEqualTo(MethodType.methodType(int.class, int.class, int.class));
        assertThat((int) add.invokeExact(3, 4)).isEqualTo(7);
    }

    @Test
    void wrongArgumentsAreRejectedClearly() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        Function add = instance.function("add");
        assertThatThrownBy(() -> add.call(Value.i32(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 2 arguments, got 1");
        assertThatThrownBy(() -> add.call(Value.i32(1), Value.i64(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument 1").hasMessageContaining("i32");
        assertThatThrownBy(add::asLongBinaryOperator)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has type (i32, i32) -> (i32)");
        assertThatThrownBy(() -> instance.function("pair").handle()).hasMessageContaining("not supported");
    }

    @Test
    void missingExportsNameWhatExists() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        assertThatThrownBy(() -> instance.function("sub"))
                .isInstanceOf(UnknownExportException.class).hasMessageContaining("no exported function \"sub\"")
                .hasMessageContaining("add");
        assertThatThrownBy(() -> instance.memory("add")).isInstanceOf(UnknownExportException.class);
    }

    @Test
    void trapsSurfaceAndInstanceStaysUsable() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        assertThatThrownBy(() -> instance.function("trap").asRunnable().run()).isInstanceOf(UnreachableTrap.class);
        assertThat(instance.hasTrapped()).isTrue();
        assertThat(instance.function("add").asIntBinaryOperator().applyAsInt(1, 1)).isEqualTo(2);
    }

    @Test
    void memoryAndGlobals() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        Memory memory = instance.memory("memory");
        assertThat(memory.readString(16, 5)).isEqualTo("hello");
        memory.putInt(100, 0x01020304);
        assertThat(memory.getByte(100)).isEqualTo((byte) 4);
        assertThat(memory.getInt(100)).isEqualTo(0x01020304);
        memory.putDouble(200, 2.25);
        assertThat(memory.getDouble(200)).isEqualTo(2.25);
        int n = memory.writeString(300, "héllo\0");
        assertThat(memory.readCString(300)).isEqualTo("héllo");
        assertThat(n).isEqualTo(7);
        assertThatThrownBy(() -> memory.getInt(65534)).isInstanceOf(MemoryOutOfBoundsTrap.class);
        Global counter = instance.global("counter");
        assertThat(counter.get()).isEqualTo(Value.i32(7));
        counter.set(Value.i32(8));
        assertThat(instance.global("counter").get().asInt()).isEqualTo(8);
        assertThatThrownBy(() -> instance.global("fixed").set(Value.i64(1))).hasMessageContaining("immutable");
        assertThatThrownBy(() -> counter.set(Value.i64(1))).hasMessageContaining("cannot hold");
    }

    @Test
    void useAfterCloseThrows() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        IntBinaryOperator add = instance.function("add").asIntBinaryOperator();
        instance.close();
        instance.close();
        assertThatThrownBy(() -> add.applyAsInt(1, 2)).isInstanceOf(InstanceClosedException.class);
        assertThatThrownBy(() -> instance.function("add")).isInstanceOf(InstanceClosedException.class);
        assertThat(engine.liveInstances()).isZero();
        assertThat(engine.liveArenas()).isZero();
    }

    private static final String IMPORTS = """
            (module
              (import "env" "twice" (func $twice (param i32) (result i32)))
              (import "env" "log" (func $log (param i32 i32)))
              (import "env" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "from wasm")
              (func (export "run") (param i32) (result i32)
                (call $log (i32.const 0) (i32.const 9))
                (call $divmod (call $twice (local.get 0)) (i32.const 7))
                i32.add))
            """;

    static void log(Caller caller, int address, int length) {
        LOGGED.add(caller.memory().readString(address, length));
    }

    static final List<String> LOGGED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void hostFunctionsTypedHandlesAndGeneric() throws Exception {
        MethodHandle log = MethodHandles.lookup().findStatic(EmbeddingApiTest.class, "log",
                MethodType.methodType(void.class, Caller.class, int.class, int.class));
        FuncType divmodType = FuncType.of(List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32, ValueType.I32));
        Linker linker = new Linker(engine)
                .func("env", "twice", IntUnaryOperator.class, x -> 2 * x)
                .func("env", "log", log)
                .func("env", "divmod", divmodType, (caller, args) -> new Value[] {
                        Value.i32(args[0].asInt() / args[1].asInt()), Value.i32(args[0].asInt() % args[1].asInt())});
        Instance instance = linker.instantiate(Module.fromWat(engine, IMPORTS));
        LOGGED.clear();
        // twice(10) = 20; divmod(20, 7) = 2, 6; 2 + 6
        assertThat(instance.function("run").asIntUnaryOperator().applyAsInt(10)).isEqualTo(8);
        assertThat(LOGGED).containsExactly("from wasm");
    }

    @Test
    void unlinkableImportsSayWhichAndWhy() {
        Module module = Module.fromWat(engine, IMPORTS);
        assertThatThrownBy(() -> new Linker(engine).instantiate(module))
                .isInstanceOf(UnlinkableException.class)
                .hasMessageContaining("env.twice").hasMessageContaining("expected func (i32) -> (i32)");
        Linker wrong = new Linker(engine).func("env", "twice", java.util.function.LongUnaryOperator.class, x -> x);
        assertThatThrownBy(() -> wrong.instantiatePre(module))
                .isInstanceOf(UnlinkableException.class)
                .hasMessageContaining("incompatible import type for env.twice")
                .hasMessageContaining("expected func (i32) -> (i32)").hasMessageContaining("(long)long");
        Linker memoryForFunction = new Linker(engine).memory("env", "twice", Memory.create(1, 2));
        assertThatThrownBy(() -> memoryForFunction.instantiatePre(module))
                .isInstanceOf(UnlinkableException.class).hasMessageContaining("found memory 1 2");
    }

    @Test
    void instanceExportsLinkIntoAnotherModule() {
        Instance provider = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        Module consumer = Module.fromWat(engine, """
                (module (import "lib" "add" (func $add (param i32 i32) (result i32)))
                  (import "lib" "memory" (memory 1))
                  (func (export "peek") (result i32) (i32.add (i32.load8_u (i32.const 16)) (call $add (i32.const 1) (i32.const 2)))))
                """);
        Instance instance = new Linker(engine).instance("lib", provider).instantiate(consumer);
        assertThat(instance.function("peek").asIntSupplier().getAsInt()).isEqualTo('h' + 3);
    }

    @Test
    void hostMemoryAndGlobalImports() {
        Memory memory = Memory.create(1, 1);
        memory.writeString(0, "x");
        Global base = Global.create(ValueType.I32, false, Value.i32(5));
        Module module = Module.fromWat(engine, """
                (module (import "env" "mem" (memory 1)) (import "env" "base" (global i32))
                  (func (export "f") (result i32) (i32.add (global.get 0) (i32.load8_u (i32.const 0)))))
                """);
        Instance instance = new Linker(engine).memory("env", "mem", memory).global("env", "base", base).instantiate(module);
        assertThat(instance.function("f").asIntSupplier().getAsInt()).isEqualTo(5 + 'x');
    }

    @Test
    void moduleTypesAndCache() {
        Module module = Module.fromWat(engine, IMPORTS);
        assertThat(module.imports()).extracting(Object::toString)
                .contains("env.twice: func (i32) -> (i32)", "env.divmod: func (i32, i32) -> (i32, i32)");
        assertThat(module.exports()).extracting(Object::toString).contains("memory: memory 1", "run: func (i32) -> (i32)");
        int cached = engine.cachedModules();
        Module again = Module.fromWat(engine, IMPORTS);
        assertThat(engine.cachedModules()).isEqualTo(cached);
        assertThat(again.compiled()).isSameAs(module.compiled());
    }

    @Test
    void binaryModulesLoadToo() {
        byte[] empty = {0, 'a', 's', 'm', 1, 0, 0, 0};
        assertThat(Module.fromBytes(engine, empty).exports()).isEmpty();
        assertThatThrownBy(() -> Module.fromBytes(engine, new byte[] {0, 'a', 's', 'm', 1}))
                .isInstanceOf(MalformedModuleException.class);
    }

    @Test
    void hostFunctionCanInterruptItsCaller() {
        AtomicInteger calls = new AtomicInteger();
        Module module = Module.fromWat(engine, """
                (module (import "env" "tick" (func $tick))
                  (func (export "spin") (loop (call $tick) (br 0))))
                """);
        FuncType none = FuncType.of(List.of(), List.of());
        Instance instance = new Linker(engine).func("env", "tick", none, (caller, args) -> {
            if (calls.incrementAndGet() == 100) caller.interrupt();
            return null;
        }).instantiate(module);
        assertThatThrownBy(() -> instance.function("spin").asRunnable().run()).isInstanceOf(InterruptedTrap.class);
        assertThat(calls.get()).isEqualTo(100);
    }

    @Test
    void topLevelTailCallsReturnTheRealResult() throws Throwable {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, """
                (module (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
                  (func (export "tail") (param i32) (result i32) (return_call $inc (local.get 0))))
                """));
        assertThat(instance.function("tail").asIntUnaryOperator().applyAsInt(41)).isEqualTo(42);
        assertThat((int) instance.function("tail").handle().invokeExact(1)).isEqualTo(2);
        assertThat(instance.function("tail").call(Value.i32(9))).containsExactly(Value.i32(10));
    }

    @Test
    void modulesLoadFromFilesAsBinaryOrText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
        java.nio.file.Path wat = java.nio.file.Files.writeString(temp.resolve("m.wat"),
                "(module (func (export \"one\") (result i32) (i32.const 1)))");
        Instance instance = new Linker(engine).instantiate(Module.fromPath(engine, wat));
        assertThat(instance.function("one").asIntSupplier().getAsInt()).isEqualTo(1);
        java.nio.file.Path wasm = java.nio.file.Files.write(temp.resolve("m.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        assertThat(Module.fromPath(engine, wasm).imports()).isEmpty();
    }

    @Test
    void anInterruptBeforeACallStopsThatCallOnly() {
        Instance instance = new Linker(engine).instantiate(Module.fromWat(engine, ADD));
        instance.interrupt();
        assertThatThrownBy(() -> instance.function("add").asIntBinaryOperator().applyAsInt(1, 2))
                .isInstanceOf(InterruptedTrap.class);
        assertThat(instance.function("add").asIntBinaryOperator().applyAsInt(1, 2)).isEqualTo(3);
    }
}
