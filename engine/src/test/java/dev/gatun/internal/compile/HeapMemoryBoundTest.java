package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.Instance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compiled accesses to a grown heap memory, whose array has spare capacity, trap exactly at the Wasm size: for
 * every width and offset, through the helpers (small functions), inlined ({@link DirectMemoryAccess}: padded
 * functions) and in split segments; a function that grows sees the new size right after its grow.
 */
class HeapMemoryBoundTest {
    private static final String PADDING = "(drop (i32.load offset=8 (i32.const 0)))\n".repeat(400);
    /** {mnemonic, value type, width}. */
    private static final String[][] LOADS = {
            {"i32.load", "i32", "4"}, {"i64.load", "i64", "8"}, {"f32.load", "f32", "4"}, {"f64.load", "f64", "8"},
            {"i32.load8_u", "i32", "1"}, {"i32.load16_s", "i32", "2"}, {"i64.load8_s", "i64", "1"},
            {"i64.load16_u", "i64", "2"}, {"i64.load32_u", "i64", "4"}, {"v128.load", "v128", "16"},
            {"v128.load8_splat", "v128", "1"}, {"v128.load16_splat", "v128", "2"}, {"v128.load32_splat", "v128", "4"},
            {"v128.load64_splat", "v128", "8"}, {"v128.load32_zero", "v128", "4"}, {"v128.load64_zero", "v128", "8"}};
    private static final String[][] STORES = {
            {"i32.store", "i32", "4"}, {"i64.store", "i64", "8"}, {"f32.store", "f32", "4"}, {"f64.store", "f64", "8"},
            {"i32.store8", "i32", "1"}, {"i32.store16", "i32", "2"}, {"i64.store8", "i64", "1"},
            {"i64.store16", "i64", "2"}, {"i64.store32", "i64", "4"}, {"v128.store", "v128", "16"}};
    private static final int[] OFFSETS = {0, 5};
    private static final int GROWN_SIZE = 2 * 65536;

    private static String module() {
        StringBuilder wat = new StringBuilder("(module (memory 1 100)\n")
                .append("(func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n")
                .append("(func (export \"size\") (result i32) (memory.size))\n")
                .append("(func (export \"growThenLoad\") (param i32) (result i32)\n")
                .append("  (drop (i32.load (i32.const 0))) (drop (memory.grow (i32.const 1))) (i32.load (local.get 0)))\n");
        for (int offset : OFFSETS) {
            for (String[] load : LOADS) {
                String access = "(" + load[0] + " offset=" + offset + " (local.get 0))";
                for (String variant : new String[] {"small", "big"}) {
                    wat.append("(func (export \"" + variant + " " + load[0] + "/" + offset + "\") (param i32) (result "
                            + load[1] + ") " + (variant.equals("big") ? PADDING : "") + access + ")\n");
                }
            }
            for (String[] store : STORES) {
                String access = "(" + store[0] + " offset=" + offset + " (local.get 0) (local.get 1))";
                for (String variant : new String[] {"small", "big"}) {
                    wat.append("(func (export \"" + variant + " " + store[0] + "/" + offset + "\") (param i32 "
                            + store[1] + ") " + (variant.equals("big") ? PADDING : "") + access + ")\n");
                }
            }
        }
        return wat.append(")").toString();
    }

    private static Instance grownInstance() {
        Instance instance = Wat.instance(module());
        assertThat(instance.invoke("grow", 1)[0]).isEqualTo(1);
        HeapMemory memory = instance.context().memory0;
        assertThat(memory.bytes.length).as("spare capacity past the size").isGreaterThan(GROWN_SIZE);
        return instance;
    }

    @Test
    void everyAccessTrapsExactlyAtTheWasmSizeAfterAGrow() {
        assertTrapsAtTheSize(grownInstance());
    }

    @Test
    void splitSegmentsTrapAtTheWasmSizeToo() {
        String previous = System.getProperty(SplitPolicy.BUDGET_PROPERTY);
        System.setProperty(SplitPolicy.BUDGET_PROPERTY, "48");
        Instance instance;
        try {
            instance = grownInstance();
        } finally {
            if (previous == null) System.clearProperty(SplitPolicy.BUDGET_PROPERTY);
            else System.setProperty(SplitPolicy.BUDGET_PROPERTY, previous);
        }
        assertTrapsAtTheSize(instance);
    }

    @Test
    void aFunctionSeesTheSizeItGrewTo() {
        Instance instance = grownInstance();
        assertThatThrownBy(() -> instance.invoke("small i32.load/0", GROWN_SIZE))
                .isInstanceOf(MemoryOutOfBoundsTrap.class);
        assertThat(instance.invoke("growThenLoad", GROWN_SIZE)[0]).isEqualTo(0);
        assertThat(instance.invoke("size")[0]).isEqualTo(3);
    }

    private static void assertTrapsAtTheSize(Instance instance) {
        List<String> wrong = new ArrayList<>();
        for (int offset : OFFSETS) {
            for (String variant : new String[] {"small", "big"}) {
                for (String[] load : LOADS) {
                    String name = variant + " " + load[0] + "/" + offset;
                    int lastInBounds = GROWN_SIZE - Integer.parseInt(load[2]) - offset;
                    check(wrong, name, lastInBounds, false, () -> instance.invoke(name, lastInBounds));
                    check(wrong, name, lastInBounds + 1, true, () -> instance.invoke(name, lastInBounds + 1));
                    check(wrong, name, GROWN_SIZE, true, () -> instance.invoke(name, GROWN_SIZE));
                }
                for (String[] store : STORES) {
                    String name = variant + " " + store[0] + "/" + offset;
                    Object value = switch (store[1]) {
                        case "i32" -> -1;
                        case "i64" -> -1L;
                        case "f32" -> Float.intBitsToFloat(-1);
                        case "v128" -> new dev.gatun.V128(-1L, -1L);
                        default -> Double.longBitsToDouble(-1L);
                    };
                    int lastInBounds = GROWN_SIZE - Integer.parseInt(store[2]) - offset;
                    check(wrong, name, lastInBounds, false, () -> instance.invoke(name, lastInBounds, value));
                    check(wrong, name, lastInBounds + 1, true, () -> instance.invoke(name, lastInBounds + 1, value));
                }
            }
        }
        assertThat(wrong).isEmpty();
        byte[] bytes = instance.context().memory0.bytes;
        for (int i = GROWN_SIZE; i < bytes.length; i++) {
            if (bytes[i] != 0) throw new AssertionError("a store wrote past the Wasm size at " + i);
        }
    }

    private static void check(List<String> wrong, String name, int address, boolean traps, Runnable access) {
        boolean trapped;
        try {
            access.run();
            trapped = false;
        } catch (MemoryOutOfBoundsTrap e) {
            trapped = true;
        }
        if (trapped != traps) wrong.add(name + " at " + address + (traps ? " did not trap" : " trapped"));
    }
}
