package dev.gatun.internal.compile;

import dev.gatun.internal.model.ValType;
import java.util.Arrays;
import java.util.List;

/**
 * The Wasm operand stack's types at compile time, mirroring what the JVM operand stack holds: the emitter
 * needs them to pick instructions (pop vs pop2, select) and to spill values around branches.
 *
 * <p>A v128 entry may be <em>virtual</em> ({@link #pushVirtual}): its two halves are in a pair of long JVM
 * locals and it has no JVM stack slot (see {@link SimdEmitter}); every other entry is on the JVM stack.
 */
final class TypeStack {
    private ValType[] types = new ValType[32];
    private boolean[] virtual = new boolean[32];
    private int height;
    private int virtualCount;

    void push(ValType t) {
        if (height == types.length) {
            types = Arrays.copyOf(types, height * 2);
            virtual = Arrays.copyOf(virtual, height * 2);
        }
        virtual[height] = false;
        types[height++] = t;
    }

    /** Pushes a v128 whose halves live in the long pair of its depth (no JVM stack slot). */
    void pushVirtual() {
        push(ValType.V128);
        virtual[height - 1] = true;
        virtualCount++;
    }

    ValType pop() {
        if (height == 0) throw new IllegalStateException("operand stack underflow (module not validated?)");
        if (virtual[height - 1]) virtualCount--;
        return types[--height];
    }

    boolean isVirtual(int index) {
        return virtual[index];
    }

    /** Whether the entry {@code depth} below the top (0 = top) is virtual. */
    boolean isVirtualFromTop(int depth) {
        return virtual[height - 1 - depth];
    }

    /** Marks a virtual entry real (its value was pushed on the JVM stack) or a real v128 virtual. */
    void setVirtual(int index, boolean value) {
        if (virtual[index] != value) virtualCount += value ? 1 : -1;
        virtual[index] = value;
    }

    int virtualCount() {
        return virtualCount;
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
        while (height > newHeight) pop();
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
