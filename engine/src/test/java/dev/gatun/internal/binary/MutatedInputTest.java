package dev.gatun.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.MalformedModuleException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random corruptions of a module that uses every section never make the decoder fail with anything but a
 * {@link MalformedModuleException} (no index or arithmetic exceptions escaping, no hang).
 */
class MutatedInputTest {

    private static final int END = 0x0B;

    private static byte[] moduleWithEverySection() {
        return WasmBytes.module()
                .section(1, WasmBytes.of(0x03, 0x60, 0x01, 0x7F, 0x01, 0x7F,
                        0x4E, 0x01, 0x50, 0x00, 0x5F, 0x01, 0x78, 0x01,
                        0x5E, 0x63, 0x00, 0x00))
                .section(2, WasmBytes.of(0x02).name("env").name("f").bytes(0x00, 0x00)
                        .name("env").name("m").bytes(0x02, 0x01, 0x01, 0x02))
                .section(3, WasmBytes.of(0x01, 0x00))
                .section(4, WasmBytes.of(0x02, 0x70, 0x00, 0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, END))
                .section(13, WasmBytes.of(0x01, 0x00, 0x00))
                .section(6, WasmBytes.of(0x01, 0x7F, 0x01, 0x41, 0x2A, END))
                .section(7, WasmBytes.of(0x01).name("run").bytes(0x00, 0x01))
                .section(8, WasmBytes.of(0x01))
                .section(9, WasmBytes.of(0x02, 0x00, 0x41, 0x00, END, 0x01, 0x01, 0x05, 0x70, 0x01, 0xD0, 0x70, END))
                .section(12, WasmBytes.of(0x01))
                .section(10, WasmBytes.of(0x01).body(WasmBytes.of(0x01, 0x02, 0x7E)
                        .bytes(0x02, 0x40, 0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, END, 0x1A, END)
                        .bytes(0x1F, 0x40, 0x01, 0x02, 0x00, END)
                        .bytes(0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0xFC, 0x09, 0x00)
                        .bytes(0x20, 0x00, 0x0E, 0x01, 0x00, 0x00)
                        .bytes(END)))
                .section(11, WasmBytes.of(0x01, 0x00, 0x41, 0x00, END, 0x02, 'h', 'i'))
                .section(0, WasmBytes.of().name("name").bytes(0x01).body(WasmBytes.of(0x01, 0x01).name("run")))
                .build();
    }

    @Test
    void theUnmutatedModuleDecodes() {
        assertThat(ModuleDecoder.decode(moduleWithEverySection()).bodies()).hasSize(1);
    }

    @Test
    void corruptedModulesDecodeOrAreMalformed() {
        byte[] original = moduleWithEverySection();
        Random random = new Random(20_26);
        List<String> escapes = new ArrayList<>();
        int malformed = 0;
        for (int run = 0; run < 20_000; run++) {
            byte[] bytes = mutate(original, random);
            try {
                ModuleDecoder.decode(bytes);
            } catch (MalformedModuleException e) {
                malformed++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                escapes.add(e + " for " + Arrays.toString(bytes));
            }
        }
        assertThat(escapes).isEmpty();
        assertThat(malformed).as("most corruptions are caught").isGreaterThan(10_000);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 8; m++) {
            int at = 8 + random.nextInt(bytes.length - 8);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes[at] = (byte) (random.nextBoolean() ? 0xFF : 0x80);
                default -> bytes = Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }
}
