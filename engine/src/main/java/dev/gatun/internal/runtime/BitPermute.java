package dev.gatun.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether {@code Long.expand} and {@code Long.compress} are fast here, decided once per JVM.
 *
 * <p>C2 compiles them to the BMI2 instructions PDEP and PEXT wherever the CPU has BMI2: one cheap instruction on
 * Intel since Haswell and on AMD since Zen 3, but microcode taking 18 to about 300 cycles on AMD's earlier Zen
 * cores (JDK 25 does not tell them apart), and a loop of some 200 instructions without BMI2 (other x86, AArch64).
 * The SIMD lowerings that use them ({@link V128Halves}' extends, constant shuffles' compressing terms) ask
 * {@link #FAST} and otherwise shift and mask. The answer comes from {@code /proc/cpuinfo} (an Intel or an AMD
 * family 0x19+ x86 with the {@code bmi2} flag); elsewhere, or when unsure, it is no. The system property
 * {@code gatun.fastBitPermute=true|false} overrides it (read once, at class initialization).
 */
public final class BitPermute {

    /** Whether PDEP/PEXT are single fast instructions on this machine (a constant C2 folds). */
    public static final boolean FAST = decide();

    private BitPermute() {}

    private static boolean decide() {
        String forced = System.getProperty("gatun.fastBitPermute");
        if (forced != null) return Boolean.parseBoolean(forced);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) return false;
        try {
            return fastOn(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false; // not Linux, or not readable: the portable lowering is never slow
        }
    }

    /** The decision for one {@code /proc/cpuinfo} text: its first processor's vendor, family and flags. */
    static boolean fastOn(List<String> cpuinfo) {
        String vendor = field(cpuinfo, "vendor_id");
        String family = field(cpuinfo, "cpu family");
        String flags = field(cpuinfo, "flags");
        if (vendor == null || flags == null || !List.of(flags.split("\\s+")).contains("bmi2")) return false;
        if (vendor.equals("GenuineIntel")) return true;
        if (!vendor.equals("AuthenticAMD") || family == null) return false;
        try {
            return Integer.parseInt(family) >= 0x19; // Zen 3 and later: PDEP/PEXT in hardware
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }
}
