package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.CastFailureTrap;
import dev.gatun.internal.runtime.Instance;
import dev.gatun.internal.runtime.LinkException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two modules that each define a structurally equal rec group get the same (canonical) types: functions,
 * globals and tables of those types link across them, and objects made by one pass the other's casts and
 * indirect-call checks. Rec groups that differ in shape, order or grouping are different types.
 */
class CanonicalTypesAcrossModulesTest {
    /** The rec group both modules declare, word for word but under different names in the second. */
    private static final String GROUP_A = """
              (rec
                (type $point (sub (struct (field $x i32) (field $next (ref null $point)))))
                (type $getX (func (param (ref null $point)) (result i32))))
            """;
    private static final String GROUP_B = """
              (rec
                (type $p (sub (struct (field i32) (field (ref null $p)))))
                (type $g (func (param (ref null $p)) (result i32))))
            """;

    private static final String EXPORTER = "(module " + GROUP_A + """
              (func $getX (export "getX") (type $getX) (struct.get $point $x (local.get 0)))
              (global (export "origin") (ref null $point) (struct.new $point (i32.const 7) (ref.null $point)))
              (table (export "table") 1 funcref (ref.func $getX))
              (func (export "make") (param i32) (result anyref) (struct.new $point (local.get 0) (ref.null $point)))
              (func (export "isPoint") (param anyref) (result i32) (ref.test (ref $point) (local.get 0))))""";

    private static Instance exporter() {
        return Wat.instance(EXPORTER);
    }

    private static Map<String, Map<String, Object>> importsFrom(Instance a) {
        return Map.of("a", Map.of("getX", a.export("getX"), "origin", a.export("origin"), "table", a.export("table"),
                "make", a.export("make"), "isPoint", a.export("isPoint")));
    }

    @Test
    void functionsAndGlobalsOfEquivalentTypesLinkAndObjectsFlowBothWays() {
        Instance a = exporter();
        Instance b = Wat.instance("(module " + GROUP_B + """
                  (import "a" "getX" (func $getX (type $g)))
                  (import "a" "origin" (global $origin (ref null $p)))
                  (import "a" "isPoint" (func $isPoint (param anyref) (result i32)))
                  (func (export "mine") (param i32) (result i32) (call $getX (struct.new $p (local.get 0) (ref.null $p))))
                  (func (export "theirs") (result i32) (struct.get $p 0 (global.get $origin)))
                  (func (export "passBack") (result i32) (call $isPoint (struct.new $p (i32.const 1) (global.get $origin)))))""",
                importsFrom(a));
        assertThat(b.invoke("mine", 42)).containsExactly(42);
        assertThat(b.invoke("theirs")).containsExactly(7);
        assertThat(b.invoke("passBack")).containsExactly(1);
    }

    @Test
    void castsAndIndirectCallsUseTheCanonicalType() {
        Instance a = exporter();
        Instance b = Wat.instance("(module " + GROUP_B + """
                  (type $other (struct (field i32) (field (ref null $p))))
                  (import "a" "table" (table $t 1 funcref))
                  (import "a" "make" (func $make (param i32) (result anyref)))
                  (func (export "cast") (param i32) (result i32) (struct.get $p 0 (ref.cast (ref $p) (call $make (local.get 0)))))
                  (func (export "testOther") (result i32) (ref.test (ref $other) (call $make (i32.const 0))))
                  (func (export "indirect") (result i32)
                    (call_indirect $t (type $g) (struct.new $p (i32.const 9) (ref.null $p)) (i32.const 0))))""",
                importsFrom(a));
        assertThat(b.invoke("cast", 5)).containsExactly(5);
        // $other has the same fields but is final and outside the rec group: a different type
        assertThat(b.invoke("testOther")).containsExactly(0);
        assertThat(b.invoke("indirect")).containsExactly(9);
    }

    @Test
    void aDifferentRecGroupIsADifferentType() {
        Instance a = exporter();
        // the same two types, each in its own rec group: not equivalent to the exporter's group
        String separate = """
                (module
                  (type $p (sub (struct (field i32) (field (ref null $p)))))
                  (type $g (func (param (ref null $p)) (result i32)))
                  (import "a" "getX" (func (type $g))))""";
        assertThatThrownBy(() -> Wat.instance(separate, importsFrom(a))).isInstanceOf(LinkException.class)
                .hasMessageContaining("getX");
        String separateGlobal = """
                (module
                  (type $p (sub (struct (field i32) (field (ref null $p)))))
                  (import "a" "origin" (global (ref null $p))))""";
        assertThatThrownBy(() -> Wat.instance(separateGlobal, importsFrom(a))).isInstanceOf(LinkException.class)
                .hasMessageContaining("origin");
        Instance c = Wat.instance("""
                (module
                  (type $p (sub (struct (field i32) (field (ref null $p)))))
                  (import "a" "make" (func $make (param i32) (result anyref)))
                  (func (export "cast") (result i32) (struct.get $p 0 (ref.cast (ref $p) (call $make (i32.const 1))))))""",
                importsFrom(a));
        assertThatThrownBy(() -> c.invoke("cast")).isInstanceOf(CastFailureTrap.class);
    }
}
