package dev.gatun.internal.validate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WatParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation rules per instruction family, written in the text format (parsed by the WAT parser). */
class WatValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown type in block type      | (module (func (block (type 9))))                                                     | unknown type
        unknown type in ref.null        | (module (func (drop (ref.null 7))))                                                  | unknown type
        unknown type in call_ref        | (module (func (call_ref 3 (ref.null func))))                                         | unknown type
        unknown elem segment            | (module (table 1 funcref) (func (elem.drop 0)))                                      | unknown elem segment 0
        table.init element type         | (module (table 1 funcref) (elem externref) (func (table.init 0 (i32.const 0) (i32.const 0) (i32.const 0)))) | type mismatch
        offset out of range             | (module (memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0)))))        | offset out of range
        memory64 offset is fine         | (module (memory i64 1) (func (drop (i32.load offset=4294967296 (i64.const 0)))))    |
        unknown field                   | (module (type (struct (field i32))) (func (param (ref 0)) (drop (struct.get 0 1 (local.get 0))))) | unknown field
        struct.new_default non-null     | (module (type (struct (field (ref any)))) (func (drop (struct.new_default 0))))     | type mismatch
        array.new_elem element type     | (module (type (array funcref)) (elem externref) (func (drop (array.new_elem 0 0 (i32.const 0) (i32.const 0))))) | type mismatch
        array.init_elem needs mutable   | (module (type (array funcref)) (elem funcref) (func (param (ref 0)) (array.init_elem 0 0 (local.get 0) (i32.const 0) (i32.const 0) (i32.const 0)))) | immutable array
        array.fill                      | (module (type (array (mut i8))) (func (param (ref 0)) (array.fill 0 (local.get 0) (i32.const 0) (i32.const 7) (i32.const 1)))) |
        array.len needs an array        | (module (func (param anyref) (drop (array.len (local.get 0)))))                     | type mismatch
        br_on_cast_fail label type      | (module (func (param anyref) (result anyref) (block (result (ref i31)) (br_on_cast_fail 0 anyref i31ref (local.get 0)) (drop) (ref.null any) (return)) (drop) (ref.null any))) | type mismatch
        br_on_cast_fail ok              | (module (func (param anyref) (result anyref) (block (result anyref) (br_on_cast_fail 0 anyref i31ref (local.get 0)) (return)))) |
        br_on_non_null                  | (module (func (param funcref) (result (ref func)) (block (br_on_non_null 1 (local.get 0))) (unreachable))) |
        br_on_non_null needs ref label  | (module (func (param funcref) (block (br_on_non_null 0 (local.get 0)))))            | type mismatch
        ref.eq needs eqrefs             | (module (func (param anyref) (drop (ref.eq (local.get 0) (local.get 0)))))          | type mismatch
        extern.convert_any              | (module (func (param anyref) (result externref) (extern.convert_any (local.get 0)))) |
        select with v128                | (module (func (param v128 v128) (result v128) (select (local.get 0) (local.get 1) (i32.const 1)))) |
        return_call_indirect results    | (module (type (func (result i64))) (table 1 funcref) (func (result i32) (return_call_indirect (type 0) (i32.const 0)))) | type mismatch
        call_indirect table64 address   | (module (table i64 1 funcref) (func (call_indirect (i64.const 0))))                 |
        table.copy mixed address types  | (module (table i64 1 funcref) (table 1 funcref) (func (table.copy 0 1 (i64.const 0) (i32.const 0) (i32.const 0)))) |
        memory.copy mixed address types | (module (memory i64 1) (memory 1) (func (memory.copy 0 1 (i64.const 0) (i32.const 0) (i64.const 0)))) | type mismatch
        v128 store lane                 | (module (memory 1) (func (v128.store16_lane 7 (i32.const 0) (v128.const i64x2 0 0)))) |
        v128 store lane out of range    | (module (memory 1) (func (v128.store16_lane 8 (i32.const 0) (v128.const i64x2 0 0)))) | invalid lane index
        relaxed simd                    | (module (func (param v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0)))) |
        try_table catch params          | (module (tag (param i64)) (func (result i32) (block (result i32) (try_table (catch 0 0) (unreachable))) )) | type mismatch
        legacy catch then rethrow       | (module (tag) (func (try (do) (catch 0 (rethrow 0)))))                             |
        legacy rethrow depth            | (module (tag) (func (try (do) (catch 0 (block (rethrow 1))))))                     |
        legacy rethrow not a catch      | (module (tag) (func (try (do) (catch 0 (block (rethrow 0))))))                     | invalid rethrow label
        global from a later global      | (module (global i32 (global.get 1)) (global i32 (i32.const 0)))                    | unknown global 1
        elem offset reads a global      | (module (global i32 (i32.const 0)) (table 1 funcref) (elem (global.get 0) func))   |
        table init sees no own global   | (module (global funcref (ref.null func)) (table 1 funcref (global.get 0)))          | unknown global
        undeclared ref.func             | (module (func $f) (func (drop (ref.func $f))))                                      | undeclared function reference
        ref.func declared by global     | (module (func $f) (global funcref (ref.func $f)) (func (drop (ref.func $f))))       |
        """)
    void validates(String name, String wat, String expectedError) {
        ModuleModel module = WatParser.parseModule(wat);
        if (expectedError == null) {
            assertThatCode(() -> Validator.validate(module)).as(name).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> Validator.validate(module)).as(name)
                    .isInstanceOf(InvalidModuleException.class)
                    .hasMessageStartingWith(expectedError);
        }
    }
}
