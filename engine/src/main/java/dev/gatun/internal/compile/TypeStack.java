package dev.gatun.internal.compile;

import dev.gatun.internal.model.ValType;
import java.util.Arrays;
import java.util.List;

/**
 * The Wasm operand stack's types at compile time, mirroring what the JVM operand stack holds: the emitter
 * needs them to pick instructions (pop vs pop2, select) and to spill values around branches.
 */
final class TypeStack {
    private ValType[] types = new ValType[32];
    private int height;

    void push(ValType t) {
        if (height == types.length) types = Arrays.copyOf(types, height * 2);
        types[height++] = t;
    }

    ValType pop() {
        if (height == 0) throw new IllegalStateException("operand stack underflow (module not validated?)");
        return types[--height];
    }

    void popN(int n) {
        for (int i = 0; i < n; i++) pop();
    }

    void pushAll(List<ValType> list) {
        for (ValType t : list) push(t);
    }

    int height() {
        return height;
    }

    /** Drops everything above {@code newHeight} (block ends, unreachable code). */
    void truncate(int newHeight) {
        height = newHeight;
    }

    /** The type at {@code index} from the bottom. */
    ValType get(int index) {
        return types[index];
    }

    /** Applies an opcode-table signature (e.g. "ii>i"); the letter {@code a} is the memory's address type. */
    void applySignature(String signature, ValType addressType) {
        int arrow = signature.indexOf('>');
        popN(arrow);
        for (int i = arrow + 1; i < signature.length(); i++) {
            char c = signature.charAt(i);
            push(c == 'a' ? addressType : typeOfLetter(c));
        }
    }

    void applySignature(String signature) {
        applySignature(signature, ValType.I32);
    }

    static ValType typeOfLetter(char c) {
        return switch (c) {
            case 'i' -> ValType.I32;
            case 'I' -> ValType.I64;
            case 'f' -> ValType.F32;
            case 'F' -> ValType.F64;
            case 'v' -> ValType.V128;
            default -> throw new NotSupportedException("value type letter " + c);
        };
    }
}
