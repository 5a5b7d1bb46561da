package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.Instance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loads and stores in functions large enough for {@link DirectMemoryAccess} (padded with many loads) give the
 * same values and traps as the helper calls of a small function; an exception of a callee between two inlined
 * accesses is not taken for an access out of bounds.
 */
class DirectMemoryAccessTest {
    private static final String PADDING = "(drop (i32.load offset=8 (i32.const 0)))\n".repeat(400);
    private static final List<String[]> LOADS = List.of(
            new String[] {"i32", "i32.load"}, new String[] {"i64", "i64.load"},
            new String[] {"f32", "f32.load"}, new String[] {"f64", "f64.load"},
            new String[] {"i32", "i32.load8_s"}, new String[] {"i32", "i32.load8_u"},
            new String[] {"i32", "i32.load16_s"}, new String[] {"i32", "i32.load16_u"},
            new String[] {"i64", "i64.load8_s"}, new String[] {"i64", "i64.load8_u"},
            new String[] {"i64", "i64.load16_s"}, new String[] {"i64", "i64.load16_u"},
            new String[] {"i64", "i64.load32_s"}, new String[] {"i64", "i64.load32_u"});
    private static final List<String[]> STORES = List.of(
            new String[] {"i32", "i32.store"}, new String[] {"i64", "i64.store"},
            new String[] {"f32", "f32.store"}, new String[] {"f64", "f64.store"},
            new String[] {"i32", "i32.store8"}, new String[] {"i32", "i32.store16"},
            new String[] {"i64", "i64.store8"}, new String[] {"i64", "i64.store16"}, new String[] {"i64", "i64.store32"});
    private static final int[] OFFSETS = {0, 3};

    private static String module() {
        StringBuilder wat = new StringBuilder("(module (memory 1)\n");
        for (int offset : OFFSETS) {
            for (String[] load : LOADS) {
                String name = load[1] + "/" + offset;
                String access = "(" + load[1] + " offset=" + offset + " (local.get 0))";
                wat.append("(func (export \"big " + name + "\") (param i32) (result " + load[0] + ") " + PADDING + access + ")\n");
                wat.append("(func (export \"small " + name + "\") (param i32) (result " + load[0] + ") " + access + ")\n");
            }
            for (String[] store : STORES) {
                String name = store[1] + "/" + offset;
                String access = "(" + store[1] + " offset=" + offset + " (local.get 0) (local.get 1))";
                wat.append("(func (export \"big " + name + "\") (param i32 " + store[0] + ") " + PADDING + access + ")\n");
                wat.append("(func (export \"small " + name + "\") (param i32 " + store[0] + ") " + access + ")\n");
            }
        }
        return wat.append(")").toString();
    }

    private static final Instance INSTANCE = Wat.instance(module(), Map.of());
    private static final int[] ADDRESSES = {0, 1, 7, 100, 65528, 65530, 65532, 65533, 65535, 65536, 65540,
            Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -3, -8};

    @Test
    void thePaddedFunctionsAreOverTheBudgetAndTheSmallOnesNot() {
        assertThat(DirectMemoryAccess.pays(body("(drop (i32.load (i32.const 0)))" + PADDING))).isTrue();
        assertThat(DirectMemoryAccess.pays(body("(drop (i32.load (i32.const 0)))"))).isFalse();
    }

    @Test
    void callHeavyFunctionsKeepTheHelpersForFewerExceptionRanges() {
        String call = "(call 0)\n";
        String large = PADDING.repeat(5); // 12 KB of Wasm
        assertThat(DirectMemoryAccess.pays(body(large + call.repeat(24)))).isTrue();
        assertThat(DirectMemoryAccess.pays(body(large + loop(call.repeat(25))))).isFalse();
        // in a small function (2.4 KB) many ranges cost little
        assertThat(DirectMemoryAccess.pays(body(PADDING + loop(call.repeat(30))))).isTrue();
        assertThat(DirectMemoryAccess.pays(body(PADDING + loop(call.repeat(120))))).isFalse();
        // calls outside loops end no range of the loops' accesses, the only ones inlined then
        assertThat(DirectMemoryAccess.pays(body(loop(PADDING) + call.repeat(120)))).isTrue();
        assertThat(DirectMemoryAccess.pays(body(loop(PADDING + call.repeat(20)) + call.repeat(100)))).isTrue();
        // ... if there are such accesses, and the body is not split up front (more segments, see MAX_LOOP_RANGE_WORK)
        assertThat(DirectMemoryAccess.pays(body(PADDING + call.repeat(120)))).isFalse();
        assertThat(DirectMemoryAccess.pays(body(loop(large) + call.repeat(25)))).isFalse();
    }

    private static String loop(String body) {
        return "(loop " + body + ")";
    }

    @Test
    void loadsReadWhatTheHelpersReadAndTrapWhereTheyTrap() {
        fillMemory();
        for (int offset : OFFSETS) {
            for (String[] load : LOADS) {
                String name = load[1] + "/" + offset;
                for (int address : ADDRESSES) {
                    assertSameOutcome(name + " at " + address, () -> INSTANCE.invoke("big " + name, address),
                            () -> INSTANCE.invoke("small " + name, address));
                }
            }
        }
    }

    @Test
    void storesWriteWhatTheHelpersWriteAndTrapWhereTheyTrap() {
        for (int offset : OFFSETS) {
            for (String[] store : STORES) {
                String name = store[1] + "/" + offset;
                Object value = switch (store[0]) {
                    case "i32" -> 0x8182_8384;
                    case "i64" -> 0x8182_8384_8586_8788L;
                    case "f32" -> Float.intBitsToFloat(0x7FA0_0001); // a NaN whose payload must survive
                    default -> Double.longBitsToDouble(0xFFF4_0000_0000_0001L);
                };
                for (int address : ADDRESSES) {
                    String what = name + " at " + address;
                    fillMemory();
                    Object small = outcome(() -> INSTANCE.invoke("small " + name, address, value));
                    long smallBits = (long) INSTANCE.invoke("small i64.load/0", Math.max(0, Math.min(address, 65528)))[0];
                    fillMemory();
                    Object big = outcome(() -> INSTANCE.invoke("big " + name, address, value));
                    long bigBits = (long) INSTANCE.invoke("small i64.load/0", Math.max(0, Math.min(address, 65528)))[0];
                    assertThat(big).as(what).isEqualTo(small);
                    assertThat(bigBits).as(what).isEqualTo(smallBits);
                }
            }
        }
    }

    @Test
    void anExceptionOfACalleeBetweenInlinedAccessesIsNotAMemoryTrap() {
        HostFunction host = args -> {
            throw new IndexOutOfBoundsException("from the host");
        };
        Instance instance = Wat.instance("(module (import \"host\" \"f\" (func $f)) (memory 1)\n"
                + "(func (export \"run\") (result i32) " + PADDING
                + "(drop (i32.load (i32.const 4))) (call $f) (i32.load (i32.const 8))))",
                Map.of("host", Map.<String, Object>of("f", host)));
        assertThatThrownBy(() -> instance.invoke("run"))
                .isNotInstanceOf(MemoryOutOfBoundsTrap.class)
                .hasStackTraceContaining("from the host");
    }

    private static void fillMemory() {
        for (int a = 0; a < 65536; a += 4) INSTANCE.invoke("small i32.store/0", a, a * 0x9E37_79B9);
    }

    private static void assertSameOutcome(String what, ThrowingCall big, ThrowingCall small) {
        assertThat(outcome(big)).as(what).isEqualTo(outcome(small));
    }

    /** The result as a comparable value (floats as bits), or the exception's class. */
    private static Object outcome(ThrowingCall call) {
        try {
            Object[] result = call.run();
            if (result.length == 0) return "void";
            Object r = result[0];
            if (r instanceof Float f) return "f32:" + Float.floatToRawIntBits(f);
            if (r instanceof Double d) return "f64:" + Double.doubleToRawLongBits(d);
            return r;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static FunctionBody body(String instructions) {
        return Wat.parse("(module (memory 1) (func " + instructions + "))").bodies().get(0);
    }

    private interface ThrowingCall {
        Object[] run();
    }
}
