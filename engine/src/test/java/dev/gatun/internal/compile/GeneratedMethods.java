package dev.gatun.internal.compile;

import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.ArrayList;
import java.util.List;

/** Reads generated class files in shape tests. */
final class GeneratedMethods {
    private GeneratedMethods() {
    }

    /** The names of the methods {@code method} of the class invokes, in code order. */
    static List<String> invokedMethods(byte[] classBytes, String method) {
        List<String> names = new ArrayList<>();
        MethodModel m = ClassFile.of().parse(classBytes).methods().stream()
                .filter(x -> x.methodName().stringValue().equals(method)).findFirst().orElseThrow();
        m.code().orElseThrow().forEach(e -> {
            if (e instanceof InvokeInstruction call) names.add(call.name().stringValue());
        });
        return names;
    }
}
