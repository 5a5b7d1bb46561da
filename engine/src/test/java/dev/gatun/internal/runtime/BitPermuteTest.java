package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BitPermuteTest {

    private static List<String> cpu(String vendor, String family, String flags) {
        return List.of("processor\t: 0", "vendor_id\t: " + vendor, "cpu family\t: " + family,
                "model name\t: some cpu", "flags\t\t: " + flags, "", "processor\t: 1");
    }

    @Test
    void intelWithBmi2IsFast() {
        assertThat(BitPermute.fastOn(cpu("GenuineIntel", "6", "fpu sse2 avx2 bmi1 bmi2 adx"))).isTrue();
    }

    @Test
    void amdIsFastFromZen3On() {
        assertThat(BitPermute.fastOn(cpu("AuthenticAMD", "25", "avx2 bmi2"))).isTrue(); // 0x19: Zen 3, Zen 4
        assertThat(BitPermute.fastOn(cpu("AuthenticAMD", "26", "avx2 bmi2"))).isTrue(); // 0x1A: Zen 5
        assertThat(BitPermute.fastOn(cpu("AuthenticAMD", "23", "avx2 bmi2"))).isFalse(); // 0x17: Zen 1/2, microcode
    }

    @Test
    void withoutBmi2OrWithoutAnAnswerItIsNotFast() {
        assertThat(BitPermute.fastOn(cpu("GenuineIntel", "6", "fpu sse2 avx bmi1"))).isFalse();
        assertThat(BitPermute.fastOn(cpu("HygonGenuine", "24", "bmi2"))).isFalse();
        assertThat(BitPermute.fastOn(List.of("processor\t: 0", "BogoMIPS\t: 50.00", "Features\t: fp asimd"))).isFalse();
        assertThat(BitPermute.fastOn(List.of())).isFalse();
    }
}
