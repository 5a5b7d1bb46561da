package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.CallStackExhaustedTrap;
import dev.gatun.IndirectCallTypeMismatchTrap;
import dev.gatun.IntegerDivideByZeroTrap;
import dev.gatun.IntegerOverflowTrap;
import dev.gatun.InterruptedTrap;
import dev.gatun.InvalidConversionTrap;
import dev.gatun.MemoryOutOfBoundsTrap;
import dev.gatun.ArrayOutOfBoundsTrap;
import dev.gatun.CastFailureTrap;
import dev.gatun.NullArrayReferenceTrap;
import dev.gatun.NullStructureReferenceTrap;
import dev.gatun.NullFunctionReferenceTrap;
import dev.gatun.NullI31ReferenceTrap;
import dev.gatun.NullReferenceTrap;
import dev.gatun.TableOutOfBoundsTrap;
import dev.gatun.TrapKind;
import dev.gatun.UndefinedElementTrap;
import dev.gatun.UninitializedElementTrap;
import dev.gatun.UnreachableTrap;
import dev.gatun.WasmException;
import dev.gatun.WasmTrap;
import dev.gatun.internal.runtime.Instance;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrapTest {

    @Test
    void everyTrapKindHasItsSpecMessageAndSubtype() {
        List<WasmTrap> traps = List.of(new UnreachableTrap(), new MemoryOutOfBoundsTrap(), new TableOutOfBoundsTrap(),
                new IntegerDivideByZeroTrap(), new IntegerOverflowTrap(), new InvalidConversionTrap(),
                new IndirectCallTypeMismatchTrap(), new UndefinedElementTrap(), new UninitializedElementTrap(),
                new NullReferenceTrap(), new NullFunctionReferenceTrap(), new NullI31ReferenceTrap(),
                new CastFailureTrap(), new NullStructureReferenceTrap(), new NullArrayReferenceTrap(),
                new ArrayOutOfBoundsTrap(), new CallStackExhaustedTrap(),
                new InterruptedTrap());
        assertThat(traps).extracting(WasmTrap::kind).containsExactly(TrapKind.values());
        assertThat(traps).extracting(Throwable::getMessage).containsExactly("unreachable",
                "out of bounds memory access", "out of bounds table access", "integer divide by zero",
                "integer overflow", "invalid conversion to integer", "indirect call type mismatch",
                "undefined element", "uninitialized element", "null reference", "null function reference",
                "null i31 reference", "cast failure", "null structure reference", "null array reference",
                "out of bounds array access",
                "call stack exhausted",
                "interrupted");
        assertThat(traps).allSatisfy(t -> {
            assertThat(t).isInstanceOf(WasmException.class);
            assertThat(t.getStackTrace()).isEmpty();
        });
    }

    @Test
    void unreachableCarriesFunctionAndOffset() {
        Instance inst = Wat.instance("""
                (module (func $first) (func $boom (export "boom") (nop) (unreachable)))""");
        assertThatThrownBy(() -> inst.invoke("boom")).isInstanceOfSatisfying(UnreachableTrap.class, t -> {
            assertThat(t.kind()).isEqualTo(TrapKind.UNREACHABLE);
            assertThat(t.functionIndex()).isEqualTo(1);
            assertThat(t.codeOffset()).isPositive();
            assertThat(t.getMessage()).startsWith("unreachable (in function 1");
        });
    }

    @Test
    void trapsFromHelpersLearnTheInnermostFunction() {
        Instance inst = Wat.instance("""
                (module (memory 1)
                  (func $outer (export "outer") (result i32) (call $inner))
                  (func $inner (result i32) (i32.load (i32.const 65536))))""");
        assertThatThrownBy(() -> inst.invoke("outer")).isInstanceOfSatisfying(MemoryOutOfBoundsTrap.class, t -> {
            assertThat(t.functionIndex()).isEqualTo(1);
            assertThat(t.getMessage()).startsWith("out of bounds memory access (in function 1");
        });
    }

    @Test
    void locationIsInTheMessageWhenKnown() {
        WasmTrap trap = new IntegerOverflowTrap(3, "div", 0x2a);
        assertThat(trap.getMessage()).isEqualTo("integer overflow (in function 3 \"div\", at byte offset 0x2a)");
        assertThat(trap.functionName()).isEqualTo("div");
    }

    @Test
    void interruptStopsAnInfiniteLoopFromAnotherThread() throws Exception {
        Instance inst = Wat.instance("(module (func (export \"spin\") (loop (br 0))))");
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                inst.invoke("spin");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(50);
        inst.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedTrap.class);
        inst.clearInterrupt();
    }
}
