package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accessors compiled code uses for the instance's own numeric globals (vmctx + constant offset). */
class WasmGlobalVmctxAccessorTest {
    /** HotSpot's default C1MaxInlineSize: C1 inlines any callee up to this many bytecode bytes. */
    private static final int C1_MAX_INLINE_SIZE = 35;

    @Test
    void accessorsAreLargerThanC1InlinesSoManyGlobalAccessesDoNotExhaustC1Registers() throws IOException {
        List<MethodModel> accessors = vmctxAccessors();
        assertThat(accessors).hasSize(8);
        for (MethodModel m : accessors) {
            int length = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            assertThat(length).as(m.methodName().stringValue()).isGreaterThan(C1_MAX_INLINE_SIZE);
        }
    }

    @Test
    void readsAndWritesEachTypeAtItsOffset() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vmctx = arena.allocate(64, 16);
            WasmGlobal.setI32(-7, vmctx, 0);
            WasmGlobal.setI64(Long.MIN_VALUE + 3, vmctx, 16);
            WasmGlobal.setF32(1.5f, vmctx, 32);
            WasmGlobal.setF64(-2.25, vmctx, 48);
            assertThat(WasmGlobal.getI32(vmctx, 0)).isEqualTo(-7);
            assertThat(WasmGlobal.getI64(vmctx, 16)).isEqualTo(Long.MIN_VALUE + 3);
            assertThat(WasmGlobal.getF32(vmctx, 32)).isEqualTo(1.5f);
            assertThat(WasmGlobal.getF64(vmctx, 48)).isEqualTo(-2.25);
        }
    }

    @Test
    void anOffsetOutsideTheVmctxSaysWhere() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vmctx = arena.allocate(32, 16);
            assertThatThrownBy(() -> WasmGlobal.getI32(vmctx, 32))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("offset 32").hasMessageContaining("32-byte vmctx");
            assertThatThrownBy(() -> WasmGlobal.setI64(1, vmctx, -8))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("offset -8");
        }
    }

    private static List<MethodModel> vmctxAccessors() throws IOException {
        byte[] bytes;
        try (InputStream in = WasmGlobal.class.getResourceAsStream("WasmGlobal.class")) {
            bytes = in.readAllBytes();
        }
        return ClassFile.of().parse(bytes).methods().stream()
                .filter(m -> m.methodName().stringValue().matches("(get|set)(I32|I64|F32|F64)"))
                .filter(m -> m.methodTypeSymbol().parameterList().stream()
                        .anyMatch(p -> p.displayName().equals("MemorySegment")))
                .toList();
    }
}
