package dev.gatun.internal.binary;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatun.MalformedModuleException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Lying or adversarial input ends quickly with a MalformedModuleException: no OOM, no stack overflow, no hang. */
class HostileInputTest {

    private static final Duration FAST = Duration.ofSeconds(5);

    private static void assertMalformedQuickly(byte[] bytes, String messageStart) {
        assertTimeoutPreemptively(FAST, () -> assertThatThrownBy(() -> ModuleDecoder.decode(bytes))
                .isInstanceOf(MalformedModuleException.class)
                .hasMessageStartingWith(messageStart));
    }

    private static WasmBytes oneFunction(WasmBytes body) {
        return WasmBytes.module().section(1, WasmBytes.of(0x01, 0x60, 0x00, 0x00))
                .section(3, WasmBytes.of(0x01, 0x00))
                .section(10, WasmBytes.of(0x01).body(body));
    }

    @Test
    void truncatedLeb128() {
        assertMalformedQuickly(WasmBytes.module().bytes(0x01, 0x80, 0x80).build(), "unexpected end");
        assertMalformedQuickly(WasmBytes.module().section(3, WasmBytes.of(0x80, 0x80)).build(), "unexpected end");
    }

    @Test
    void overlongLeb128() {
        assertMalformedQuickly(WasmBytes.module().bytes(0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).build(),
                "integer representation too long");
    }

    @Test
    void hugeCountWithFewBytesLeft() {
        for (int section : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13}) {
            assertMalformedQuickly(WasmBytes.module()
                    .section(section, WasmBytes.of().u32(1L << 31).bytes(0x00, 0x00, 0x00)).build(), "");
        }
        assertMalformedQuickly(WasmBytes.module()
                .section(3, WasmBytes.of().u32(0x7FFF_FFFF).bytes(0x00, 0x00, 0x00)).build(), "unexpected end");
    }

    @Test
    void hugeLocalsCount() {
        assertMalformedQuickly(oneFunction(WasmBytes.of(0x02).u32(0xFFFF_FFFFL).bytes(0x7F)
                .u32(0xFFFF_FFFFL).bytes(0x7F, 0x0B)).build(), "too many locals");
    }

    @Test
    void maximalLocalsCountAloneDecodesWithoutAllocatingLocals() {
        assertTimeoutPreemptively(FAST, () ->
                ModuleDecoder.decode(oneFunction(WasmBytes.of(0x01).u32(0xFFFF_FFFFL).bytes(0x7F, 0x0B)).build()));
    }

    @Test
    void deepNestingIsHandledIteratively() {
        int depth = 100_000;
        byte[] code = new byte[1 + depth * 2 + depth + 1];
        code[0] = 0x00;                                            // no locals
        for (int i = 0; i < depth; i++) {
            code[1 + 2 * i] = 0x02;                                // block
            code[2 + 2 * i] = 0x40;                                // empty type
        }
        Arrays.fill(code, 1 + 2 * depth, code.length, (byte) 0x0B); // the ends, plus the body's own
        assertTimeoutPreemptively(FAST, () -> ModuleDecoder.decode(oneFunction(WasmBytes.of().bytes(toInts(code))).build()));

        byte[] unclosed = Arrays.copyOf(code, code.length - 1);
        assertMalformedQuickly(oneFunction(WasmBytes.of().bytes(toInts(unclosed))).build(),
                "unexpected end of section or function");
    }

    @Test
    void sectionSizeBeyondTheFile() {
        assertMalformedQuickly(WasmBytes.module().bytes(0x0A).u32(0x7FFF_FFFF).bytes(0x00).build(), "length out of bounds");
        assertMalformedQuickly(WasmBytes.module().bytes(0x0A).u32(0xFFFF_FFFFL).bytes(0x00).build(), "");
    }

    @Test
    void dataSegmentLongerThanTheFile() {
        assertMalformedQuickly(WasmBytes.module().section(11, WasmBytes.of(0x01, 0x01).u32(0x7FFF_FFFF)).build(),
                "length out of bounds");
    }

    private static int[] toInts(byte[] bytes) {
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ints[i] = bytes[i] & 0xFF;
        return ints;
    }
}
