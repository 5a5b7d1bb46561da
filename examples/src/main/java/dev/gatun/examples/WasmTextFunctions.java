package dev.gatun.examples;

import dev.gatun.Memory;
import dev.gatun.PooledInstance;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * {@link TextFunctions} backed by the {@code text} module. Strings and byte arrays cross into the module
 * through its buffer in linear memory: written before the call, read back after it (the functions work in place).
 */
@Component
public class WasmTextFunctions implements TextFunctions {
    static final String MODULE = "text";
    private final GuardedInvoker invoker;

    public WasmTextFunctions(GuardedInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public int add(int a, int b) {
        return invoker.call(MODULE, "add", instance -> instance.function("add").asIntBinaryOperator().applyAsInt(a, b));
    }

    @Override
    public long fib(long n) {
        if (n < 0) throw new IllegalArgumentException("fib needs n >= 0, got " + n);
        return invoker.call(MODULE, "fib", instance -> instance.function("fib").asLongUnaryOperator().applyAsLong(n));
    }

    @Override
    public String upper(String text) {
        byte[] result = inPlace("upper", text.getBytes(StandardCharsets.UTF_8));
        return new String(result, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] reverse(byte[] bytes) {
        return inPlace("reverse", bytes);
    }

    private byte[] inPlace(String function, byte[] input) {
        return invoker.call(MODULE, function, instance -> {
            int buffer = instance.function("input_buffer").asIntSupplier().getAsInt();
            int capacity = instance.function("buffer_capacity").asIntSupplier().getAsInt();
            if (input.length > capacity) {
                throw new IllegalArgumentException(function + " takes at most " + capacity + " bytes, got " + input.length);
            }
            Memory memory = instance.instance().memory("memory");
            memory.write(buffer, input);
            callWithLength(instance, function, input.length);
            return memory.read(buffer, input.length);
        });
    }

    private static void callWithLength(PooledInstance instance, String function, int length) {
        instance.function(function).call(dev.gatun.Value.i32(length));
    }
}
