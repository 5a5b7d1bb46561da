package dev.gatun.internal.model;

/**
 * Abstract heap types, as the negative values of their s33 binary encodings (e.g. {@code 0x70} = -16).
 * Concrete heap types are type indices (&ge; 0).
 */
public final class HeapType {
    private HeapType() {}

    public static final int NOEXN = -12;    // 0x74
    public static final int NOFUNC = -13;   // 0x73
    public static final int NOEXTERN = -14; // 0x72
    public static final int NONE = -15;     // 0x71
    public static final int FUNC = -16;     // 0x70
    public static final int EXTERN = -17;   // 0x6F
    public static final int ANY = -18;      // 0x6E
    public static final int EQ = -19;       // 0x6D
    public static final int I31 = -20;      // 0x6C
    public static final int STRUCT = -21;   // 0x6B
    public static final int ARRAY = -22;    // 0x6A
    public static final int EXN = -23;      // 0x69

    /** True for the abstract heap type codes above. */
    public static boolean isAbstract(int heapType) {
        return heapType <= NOEXN && heapType >= EXN;
    }

    /** The heap type for a binary byte (0x69..0x74), or 0 if the byte is none (0 is never abstract). */
    public static int fromByte(int b) {
        return (b >= 0x69 && b <= 0x74) ? (b & 0x7F) - 0x80 : 0;
    }

    public static String toString(int heapType) {
        return switch (heapType) {
            case NOEXN -> "noexn";
            case NOFUNC -> "nofunc";
            case NOEXTERN -> "noextern";
            case NONE -> "none";
            case FUNC -> "func";
            case EXTERN -> "extern";
            case ANY -> "any";
            case EQ -> "eq";
            case I31 -> "i31";
            case STRUCT -> "struct";
            case ARRAY -> "array";
            case EXN -> "exn";
            default -> Integer.toString(heapType);
        };
    }
}
