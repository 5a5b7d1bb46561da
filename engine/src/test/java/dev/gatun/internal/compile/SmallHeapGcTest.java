package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.internal.runtime.Instance;
import java.lang.ref.Reference;
import org.junit.jupiter.api.Test;

/**
 * Wasm GC objects are ordinary JVM objects: short-lived ones are collected while their instance lives. The
 * module allocates several times the whole heap in structs and arrays it drops at once; without collection the
 * JVM would run out of memory. Meant for a small heap: the engine's pom runs it alone with {@code -Xmx64m}
 * (profile {@code small-heap-gc-test}, active when no {@code -Dtest} is given).
 */
class SmallHeapGcTest {
    private static final long MAX_HEAP_FOR_THIS_TEST = 512L << 20;
    private static final int ARRAY_BYTES = 8 * 1024; // array.new $longs of 1024 elements
    private static final int LIST_BYTES = 1000 * 24; // a 1000-node struct list, at least 24 bytes a node

    private static final String MODULE = """
            (module
              (type $longs (array (mut i64)))
              (type $node (struct (field $value i64) (field $next (ref null $node))))
              (global $kept (mut (ref null $longs)) (ref.null $longs))
              (func $list (param $n i32) (result (ref null $node))
                (local $head (ref null $node))
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get $n)))
                    (local.set $head (struct.new $node (i64.extend_i32_u (local.get $n)) (local.get $head)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    (br $next)))
                (local.get $head))
              (func $sum (param $p (ref null $node)) (result i64) (local $total i64)
                (block $done
                  (loop $next
                    (br_if $done (ref.is_null (local.get $p)))
                    (local.set $total (i64.add (local.get $total) (struct.get $node $value (local.get $p))))
                    (local.set $p (struct.get $node $next (local.get $p)))
                    (br $next)))
                (local.get $total))
              (func (export "churn") (param $rounds i32) (result i64) (local $check i64)
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get $rounds)))
                    ;; the previous array becomes garbage when the global is overwritten
                    (global.set $kept (array.new $longs (i64.extend_i32_u (local.get $rounds)) (i32.const 1024)))
                    (local.set $check (i64.add (local.get $check) (call $sum (call $list (i32.const 1000)))))
                    (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
                    (br $next)))
                (local.get $check))
              (func (export "keptFirstElement") (result i64)
                (array.get $longs (global.get $kept) (i32.const 0))))""";

    @Test
    void shortLivedGcObjectsAreCollectedWhileTheInstanceLives() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assumeTrue(maxHeap <= MAX_HEAP_FOR_THIS_TEST,
                "needs a small heap; the small-heap-gc surefire execution runs it with -Xmx64m");
        Instance instance = Wat.instance(MODULE);
        long rounds = 4 * maxHeap / (ARRAY_BYTES + LIST_BYTES) + 1;
        Object[] checksum = instance.invoke("churn", (int) rounds);
        assertThat(checksum).containsExactly(rounds * (1000L * 1001 / 2));
        assertThat(instance.invoke("keptFirstElement")).containsExactly(1L);
        assertThat(rounds * (ARRAY_BYTES + LIST_BYTES)).isGreaterThan(3 * maxHeap);
        Reference.reachabilityFence(instance);
    }
}
