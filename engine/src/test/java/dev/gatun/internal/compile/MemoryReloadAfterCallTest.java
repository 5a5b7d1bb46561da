package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * After a direct call of a function that cannot grow a memory (no memory.grow, import, indirect or tail call,
 * in it or in what it calls: {@link MemoryGrowth}), the caller keeps memory 0's array and size in its locals;
 * after any other call it reloads them, so accesses past the old size after a grow deep in a callee work.
 */
class MemoryReloadAfterCallTest {
    private static final String MODULE = """
            (module
              (import "host" "tick" (func $host))
              (type $v (func))
              (memory 1 4)
              (table 1 funcref) (elem (i32.const 0) $leaf)
              (func $leaf (i32.store (i32.const 0) (i32.const 1)))
              (func $callsLeaf (call $leaf))
              (func $grows (drop (memory.grow (i32.const 1))))
              (func $callsGrows (call $leaf) (call $grows))
              (func $tail (return_call $leaf))
              (func $caller (param i32) %s (i32.store (local.get 0) (i32.const 7))))
            """;

    @ParameterizedTest(name = "{0}: reloads = {1}")
    @CsvSource(delimiter = '|', value = {
            "(call $leaf)                          | false",
            "(call $callsLeaf)                     | false",
            "(call $grows)                         | true",
            "(call $callsGrows)                    | true",
            "(call $host)                          | true",
            "(call_indirect (type $v) (i32.const 0)) | true",
            "(call $tail)                          | true"})
    void reloadsTheArrayOnlyAfterCallsThatMayGrowMemory(String call, boolean reloads) {
        byte[] bytes = ModuleCompiler.classBytes(Validator.validate(Wat.parse(MODULE.formatted(call))));

        // the entry loads memory 0's array once; a reload after the call loads it again
        assertThat(arrayLoads(bytes, CompilationUnit.functionMethodName(6))).as(call).isEqualTo(reloads ? 2 : 1);
    }

    @Test
    void growsInCalleesOfCalleesAreSeenByTheCaller() {
        Instance inst = Wat.instance("""
                (module
                  (memory 1 4)
                  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
                  (func $grows (drop (memory.grow (i32.const 1))))
                  (func $middle (call $grows))
                  (func (export "f") (result i32)
                    (i32.store (i32.const 16) (call $leaf (i32.const 41)))
                    (call $middle)
                    (i32.store (i32.const 65540) (i32.load (i32.const 16)))
                    (i32.load (i32.const 65540))))""");

        assertThat(inst.invoke("f")).containsExactly(42);
    }

    @Test
    void growsByAnImportedFunctionAreSeenByTheCaller() {
        Instance owner = Wat.instance("""
                (module
                  (memory (export "mem") 1 4)
                  (func (export "grow") (drop (memory.grow (i32.const 1)))))""");
        Instance user = Wat.instance("""
                (module
                  (import "a" "mem" (memory 1 4))
                  (import "a" "grow" (func $grow))
                  (func (export "f") (result i32)
                    (i32.store (i32.const 0) (i32.const 5))
                    (call $grow)
                    (i32.store (i32.const 65536) (i32.const 9))
                    (i32.add (i32.load (i32.const 0)) (i32.load (i32.const 65536)))))""",
                Map.of("a", Map.of("mem", owner.export("mem"), "grow", owner.export("grow"))));

        assertThat(user.invoke("f")).containsExactly(14);
    }

    private static long arrayLoads(byte[] classBytes, String method) {
        MethodModel m = ClassFile.of().parse(classBytes).methods().stream()
                .filter(x -> x.methodName().stringValue().equals(method)).findFirst().orElseThrow();
        return m.code().orElseThrow().elementStream()
                .filter(e -> e instanceof FieldInstruction f && f.name().stringValue().equals("bytes"))
                .count();
    }
}
