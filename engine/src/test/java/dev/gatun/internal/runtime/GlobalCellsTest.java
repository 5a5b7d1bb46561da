package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.WatParser;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Globals the module defines, does not export and are numeric live in JVM cells ({@link GlobalCells}); every
 * other global keeps its vmctx slot or imported object. Each test runs with functions compiled whole and split
 * into tiny segments (globals are then read and written from many segment methods).
 */
class GlobalCellsTest {
    private static final String SPLIT_BUDGET = "gatun.split.budget";

    /** Global indices: 0-1 imported, 2-9 private numeric, 10-13 exported numeric, 14 private ref, 15 private v128. */
    private static final String WAT = """
            (module
              (import "host" "base" (global $base i32))
              (import "host" "baseF" (global $baseF f64))
              (global $pi32 (mut i32) (global.get $base))
              (global $pi64 (mut i64) (i64.const -5))
              (global $pf32 (mut f32) (f32.const 1.5))
              (global $pf64 (mut f64) (global.get $baseF))
              (global $ci32 i32 (i32.const 7))
              (global $ci64 i64 (i64.const 0x7fffffffffffffff))
              (global $cf32 f32 (f32.const nan:0x200001))
              (global $cf64 f64 (f64.const -0x1p-1074))
              (global $ei32 (export "ei32") (mut i32) (i32.const 11))
              (global $ei64 (export "ei64") (mut i64) (i64.const 12))
              (global $ef32 (export "ef32") (mut f32) (f32.const 13))
              (global $ef64 (export "ef64") (mut f64) (f64.const 14))
              (global $pref (mut funcref) (ref.null func))
              (global $pv128 (mut v128) (v128.const i64x2 1 2))
              (func (export "bump") (param $x i32)
                (global.set $pi32 (i32.add (global.get $pi32) (local.get $x)))
                (global.set $pi64 (i64.mul (global.get $pi64) (i64.extend_i32_s (local.get $x))))
                (global.set $pf32 (f32.add (global.get $pf32) (f32.convert_i32_s (local.get $x))))
                (global.set $pf64 (f64.neg (global.get $pf64)))
                (global.set $ei32 (i32.add (global.get $ei32) (global.get $pi32)))
                (global.set $ei64 (i64.add (global.get $ei64) (global.get $pi64)))
                (global.set $ef32 (f32.mul (global.get $ef32) (global.get $pf32)))
                (global.set $ef64 (f64.add (global.get $ef64) (global.get $pf64))))
              (func (export "pi32") (result i32) (global.get $pi32))
              (func (export "pi64") (result i64) (global.get $pi64))
              (func (export "pf32") (result f32) (global.get $pf32))
              (func (export "pf64") (result f64) (global.get $pf64))
              (func (export "ci32") (result i32) (global.get $ci32))
              (func (export "ci64") (result i64) (global.get $ci64))
              (func (export "cf32bits") (result i32) (i32.reinterpret_f32 (global.get $cf32)))
              (func (export "cf64bits") (result i64) (i64.reinterpret_f64 (global.get $cf64)))
              (func (export "get_ei32") (result i32) (global.get $ei32))
              (func (export "v128lo") (result i64) (i64x2.extract_lane 0 (global.get $pv128)))
              (func (export "refIsNull") (result i32) (ref.is_null (global.get $pref))))
            """;

    private static Map<String, Map<String, Object>> imports(int base, double baseF) {
        return Map.of("host", Map.of(
                "base", WasmGlobal.host(new GlobalType(ValType.I32, false), base),
                "baseF", WasmGlobal.host(new GlobalType(ValType.F64, false), baseF)));
    }

    private static Instance instantiate(boolean split, int base, double baseF) {
        ModuleModel module = WatParser.parseModule(WAT);
        String previous = System.getProperty(SPLIT_BUDGET);
        if (split) System.setProperty(SPLIT_BUDGET, "48");
        try {
            return Instance.instantiate(ModuleCompiler.compile(module), imports(base, baseF), Instance.DEFAULT_MAX_CALL_DEPTH);
        } finally {
            if (previous == null) System.clearProperty(SPLIT_BUDGET);
            else System.setProperty(SPLIT_BUDGET, previous);
        }
    }

    private static Object call(Instance instance, String name, Object... args) {
        Object[] results = instance.invoke(name, args);
        return results.length == 0 ? null : results[0];
    }

    @ParameterizedTest(name = "split={0}")
    @ValueSource(booleans = {false, true})
    void onlyDefinedPrivateNumericGlobalsLiveInCells(boolean split) {
        InstanceContext ctx = instantiate(split, 40, 2.5).context();
        for (int i = 0; i < ctx.globals.length; i++) {
            boolean privateNumeric = i >= 2 && i <= 9;
            assertThat(ctx.globals[i].inCell()).as("global " + i).isEqualTo(privateNumeric);
            assertThat(ctx.globals[i].slot == null).as("global %d has no vmctx slot", i).isEqualTo(privateNumeric);
        }
        assertThat(ctx.globalCells).hasSize(8);
    }

    @ParameterizedTest(name = "split={0}")
    @ValueSource(booleans = {false, true})
    void cellsStartWithTheirInitializersIncludingImportedValuesAndExactFloatBits(boolean split) {
        Instance instance = instantiate(split, 40, 2.5);
        assertThat(call(instance, "pi32")).isEqualTo(40);
        assertThat(call(instance, "pi64")).isEqualTo(-5L);
        assertThat(call(instance, "pf32")).isEqualTo(1.5f);
        assertThat(call(instance, "pf64")).isEqualTo(2.5);
        assertThat(call(instance, "ci32")).isEqualTo(7);
        assertThat(call(instance, "ci64")).isEqualTo(Long.MAX_VALUE);
        assertThat(call(instance, "cf32bits")).isEqualTo(0x7fa00001);
        assertThat(call(instance, "cf64bits")).isEqualTo(0x8000000000000001L);
        assertThat(call(instance, "v128lo")).isEqualTo(1L);
        assertThat(call(instance, "refIsNull")).isEqualTo(1);
    }

    @ParameterizedTest(name = "split={0}")
    @ValueSource(booleans = {false, true})
    void compiledWritesToCellsAndSlotsAreSeenByCodeAndHost(boolean split) {
        Instance instance = instantiate(split, 40, 2.5);
        call(instance, "bump", 3);
        assertThat(call(instance, "pi32")).isEqualTo(43);
        assertThat(call(instance, "pi64")).isEqualTo(-15L);
        assertThat(call(instance, "pf32")).isEqualTo(4.5f);
        assertThat(call(instance, "pf64")).isEqualTo(-2.5);
        assertThat(instance.getGlobal("ei32")).isEqualTo(11 + 43);
        assertThat(instance.getGlobal("ei64")).isEqualTo(12L - 15L);
        assertThat(instance.getGlobal("ef32")).isEqualTo(13f * 4.5f);
        assertThat(instance.getGlobal("ef64")).isEqualTo(14 - 2.5);
        // the host-side view of a cell global (what snapshots use) reads the cell
        InstanceContext ctx = instance.context();
        assertThat(ctx.globals[2].value()).isEqualTo(43);
        assertThat(ctx.globals[5].value()).isEqualTo(-2.5);
        // and a host write to an exported global reaches compiled code
        instance.setGlobal("ei32", -1);
        assertThat(call(instance, "get_ei32")).isEqualTo(-1);
    }

    @ParameterizedTest(name = "split={0}")
    @ValueSource(booleans = {false, true})
    void instancesOfOneModuleHaveTheirOwnCells(boolean split) {
        ModuleModel module = WatParser.parseModule(WAT);
        String previous = System.getProperty(SPLIT_BUDGET);
        if (split) System.setProperty(SPLIT_BUDGET, "48");
        Instance a;
        Instance b;
        try {
            var compiled = ModuleCompiler.compile(module);
            a = Instance.instantiate(compiled, imports(1, 0), Instance.DEFAULT_MAX_CALL_DEPTH);
            b = Instance.instantiate(compiled, imports(100, 0), Instance.DEFAULT_MAX_CALL_DEPTH);
        } finally {
            if (previous == null) System.clearProperty(SPLIT_BUDGET);
            else System.setProperty(SPLIT_BUDGET, previous);
        }
        call(a, "bump", 5);
        assertThat(call(a, "pi32")).isEqualTo(6);
        assertThat(call(b, "pi32")).isEqualTo(100);
    }

    @ParameterizedTest(name = "split={0}")
    @ValueSource(booleans = {false, true})
    void aSnapshotRestoreResetsChangedCellGlobals(boolean split) {
        Instance instance = instantiate(split, 40, 2.5);
        InstanceSnapshot snapshot = InstanceSnapshot.of(instance);
        call(instance, "bump", 3);
        call(instance, "bump", 4);
        assertThat(call(instance, "pi32")).isEqualTo(47);
        snapshot.restore(instance);
        assertThat(call(instance, "pi32")).isEqualTo(40);
        assertThat(call(instance, "pi64")).isEqualTo(-5L);
        assertThat(call(instance, "pf32")).isEqualTo(1.5f);
        assertThat(call(instance, "pf64")).isEqualTo(2.5);
        assertThat(instance.getGlobal("ei32")).isEqualTo(11);
    }

    @org.junit.jupiter.api.Test
    void aPrivateGlobalHandedToAnotherModuleAsAnImportIsRefusedClearly() {
        InstanceContext ctx = instantiate(false, 40, 2.5).context();
        WasmGlobal privateI32 = ctx.globals[6]; // $ci32: immutable i32, type-compatible with the import
        ModuleModel importer = WatParser.parseModule("(module (import \"m\" \"g\" (global i32)))");
        assertThatThrownBy(() -> Instance.instantiate(importer, Map.of("m", Map.of("g", privateI32))))
                .isInstanceOf(LinkException.class).hasMessageContaining("m.g").hasMessageContaining("does not export");
    }
}
