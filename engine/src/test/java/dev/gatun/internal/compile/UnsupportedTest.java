package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsupportedTest {

    @Test
    void unimplementedInstructionsFailCompilationByName() {
        assertThatThrownBy(() -> Wat.instance(
                "(module (type $s (struct (field v128))) (func (result i32) (ref.is_null (struct.new_default $s))))"))
                .isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("not supported: v128 fields in structs and arrays");
    }

    @Test
    void sharedMemory64BeyondTheReservationLimitIsRejectedClearly() {
        // a shared memory is reserved at its maximum, which must fit the off-heap reservation limit
        assertThatThrownBy(() -> Wat.instance("(module (memory i64 1 0x1000000 shared))"))
                .isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("shared memory of 16777216 pages")
                .hasMessageContaining("gatun.memory.maxOffHeapPages");
    }

    @Test
    void hugeLocalCountsFailWithoutAllocating() {
        TestModule m = new TestModule();
        m.funcWithLocals("f", "->", List.of(new Locals(4_000_000_000L, ValType.I64)), "");
        assertThatThrownBy(m::instantiate).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("locals");
    }

    @Test
    void functionsBeyondTheJvmMethodSizeAreSplit() {
        // about 100 KiB of bytecode in one function: compiled as split segment methods (SplitFunctionEmitter)
        String body = "i64.const 123456789 drop ".repeat(25_000) + "i32.const 7";
        TestModule m = new TestModule();
        m.func("f", "-> i32", body);
        assertThat(m.instantiate().invoke("f")).containsExactly(7);
    }
}
