package dev.gatun.internal.compile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsupportedTest {

    @Test
    void unimplementedInstructionsFailCompilationByName() {
        assertThatThrownBy(() -> Wat.instance("(module (func (atomic.fence)))"))
                .isInstanceOf(NotSupportedException.class)
                .hasMessageStartingWith("not supported: atomic.fence (in function 0, at byte offset");
    }

    @Test
    void sharedMemoryIsRejectedClearly() {
        assertThatThrownBy(() -> Wat.instance("(module (memory 1 1 shared))"))
                .isInstanceOf(NotSupportedException.class).hasMessage("not supported: shared memory");
    }

    @Test
    void hugeLocalCountsFailWithoutAllocating() {
        TestModule m = new TestModule();
        m.funcWithLocals("f", "->", List.of(new Locals(4_000_000_000L, ValType.I64)), "");
        assertThatThrownBy(m::instantiate).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("locals");
    }

    @Test
    void functionsBeyondTheJvmMethodSizeFailClearly() {
        // about 100 KiB of bytecode in one function: until method splitting exists this is "not supported"
        String body = "i64.const 123456789 drop ".repeat(25_000);
        TestModule m = new TestModule();
        m.func("f", "->", body);
        assertThatThrownBy(m::instantiate).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("too large");
    }
}
