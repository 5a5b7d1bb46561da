package dev.gatun.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.WasmException;
import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.text.WatParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corrupts valid modules (function bodies, or whole binaries) a few bytes at a time: decoding and validation
 * must then either pass or fail with a Gatun exception (malformed or invalid), never with another error.
 */
class MutatedInputValidationTest {

    private static final List<String> MODULES = List.of(
            """
            (module
              (type $s (sub (struct (field (mut i32)) (field i8))))
              (type $t (sub $s (struct (field (mut i32)) (field i8) (field (ref null $s)))))
              (type $a (array (mut i64)))
              (type $f (func (param i32) (result i32)))
              (tag $e (param i32))
              (memory 1 2)
              (table 2 funcref)
              (global $g (mut i32) (i32.const 0))
              (elem declare func $id)
              (func $id (type $f) (local.get 0))
              (func (export "run") (param i32 anyref) (result i32) (local (ref null $t)) (local v128)
                (block $out (result i32)
                  (try_table (catch $e $out)
                    (drop (call_ref $f (i32.const 1) (ref.func $id)))
                    (local.set 2 (struct.new $t (i32.const 1) (i32.const 2) (ref.null $s)))
                    (struct.set $s 0 (local.get 2) (i32.load offset=4 (local.get 0)))
                    (drop (array.new $a (i64.const 0) (i32.const 3)))
                    (drop (block $c (result (ref i31))
                      (drop (br_on_cast $c (ref null any) (ref i31) (local.get 1)))
                      (ref.i31 (i32.const 0))))
                    (local.set 3 (i32x4.splat (global.get $g)))
                    (drop (i32x4.extract_lane 2 (local.get 3)))
                    (br_table 0 0 (i32.const 7) (local.get 0))
                  )
                  (unreachable)
                )
              )
            )""",
            """
            (module
              (memory i64 1)
              (table i64 1 funcref)
              (func (param i64) (result i64)
                (loop $l
                  (if (i64.eqz (local.get 0)) (then (return (i64.const 1))))
                  (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
                  (i64.store (local.get 0) (i64.load (local.get 0)))
                  (br $l))
                (unreachable))
              (func (result i32) (memory.atomic.notify (i64.const 0) (i32.const 1))))
            """,
            """
            (module
              (tag $e)
              (func (result i32)
                (try (result i32)
                  (do (throw $e))
                  (catch $e (i32.const 1))
                  (catch_all (rethrow 0)))))
            """);

    @Test
    void corruptedBodiesFailOnlyWithGatunExceptions() {
        Random random = new Random(20261125);
        int validated = 0;
        int rejected = 0;
        for (String wat : MODULES) {
            ModuleModel original = WatParser.parseModule(wat);
            Validator.validate(original);
            for (int round = 0; round < 3000; round++) {
                ModuleModel mutated = mutate(original, random);
                try {
                    Validator.validate(mutated);
                    validated++;
                } catch (WasmException expected) {
                    rejected++;
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    throw new AssertionError("unexpected " + e + " for a mutated body", e);
                }
            }
        }
        assertThat(rejected).isPositive();
        assertThat(validated + rejected).isEqualTo(MODULES.size() * 3000);
    }

    @Test
    void corruptedTypeSectionsFailOnlyWithGatunExceptions() {
        // rec groups, sub types, struct/array/func types referring to each other, and code using them
        byte[] original = TestModule.module()
                .type(TestModule.REC, 2, TestModule.SUB, 0, TestModule.STRUCT, 2, TestModule.I32, 1,
                        TestModule.REF_NULL, 1, 0, TestModule.SUB, 1, 0, TestModule.STRUCT, 3, TestModule.I32, 1,
                        TestModule.REF_NULL, 1, 0, TestModule.I64, 0)
                .type(TestModule.ARRAY, TestModule.REF_NULL, 0, 1)
                .funcType(TestModule.of(TestModule.REF_NULL, 1), TestModule.of(TestModule.I32))
                .func(3, 0x20, 0, 0xFB, 0x02, 0, 0)
                .build();
        Validator.validate(ModuleDecoder.decode(original));
        Random random = new Random(7);
        int rejected = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] bytes = original.clone();
            int at = 8 + random.nextInt(bytes.length - 8);
            bytes[at] = (byte) random.nextInt(256);
            try {
                Validator.validate(ModuleDecoder.decode(bytes));
            } catch (WasmException expected) {
                rejected++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("unexpected " + e + " for a module corrupted at byte " + at, e);
            }
        }
        assertThat(rejected).isPositive();
    }

    /** A copy of the module with one to three bytes of one body replaced at random. */
    static ModuleModel mutate(ModuleModel m, Random random) {
        List<FunctionBody> bodies = new ArrayList<>(m.bodies());
        int which = random.nextInt(bodies.size());
        FunctionBody body = bodies.get(which);
        byte[] code = body.code().toArray();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) code[random.nextInt(code.length)] = (byte) random.nextInt(256);
        bodies.set(which, new FunctionBody(body.locals(), ByteSlice.of(code)));
        return new ModuleModel(m.recGroups(), m.types(), m.imports(), m.functionTypes(), m.tables(), m.memories(),
                m.globals(), m.tags(), m.exports(), m.start(), m.elements(), m.dataCount(), List.copyOf(bodies),
                m.datas(), m.customSections(), m.names());
    }
}
