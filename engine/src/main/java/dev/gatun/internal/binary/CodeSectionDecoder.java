package dev.gatun.internal.binary;

import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.FunctionBody;
import dev.gatun.internal.model.ModuleModel.Locals;
import dev.gatun.internal.model.ValType;
import java.util.ArrayList;
import java.util.List;

/** Decodes the code section: each body's run-length encoded locals, then its checked instructions. */
final class CodeSectionDecoder {
    private CodeSectionDecoder() {}

    /** A function may declare at most 2^32-1 locals in total. */
    private static final long MAX_LOCALS = 0xFFFF_FFFFL;

    /**
     * @param importedFunctions how many functions precede the defined ones in the index space (for messages)
     * @return true if some body names a data segment (memory.init, data.drop, array.new_data, ...)
     */
    static boolean decode(BinaryReader in, ModuleModel.Builder module, StructureChecker checker,
                          int importedFunctions) {
        int count = in.readCount("function body");
        boolean usesDataIndex = false;
        String sectionContext = "code section";
        for (int i = 0; i < count; i++) {
            String where = "function " + (importedFunctions + i) + " (body " + i + ")";
            long size = in.readLength();
            long bodyEnd = in.position() + size;
            in.context(where);
            List<Locals> locals = readLocals(in);
            // Read on past the declared size if the body does not close in time, then compare (the
            // reference interpreter's order, which decides the wording of the error).
            ByteSlice code = checker.readExpression(in, where);
            if (code.end() != bodyEnd) {
                throw in.error("section size mismatch: the body declares " + size + " bytes but ends after "
                        + (size - (bodyEnd - code.end())), code.end());
            }
            in.context(sectionContext);
            usesDataIndex |= checker.usesDataIndex();
            module.bodies.add(new FunctionBody(locals, code));
        }
        return usesDataIndex;
    }

    private static List<Locals> readLocals(BinaryReader in) {
        int groups = in.readCount("local group");
        List<Locals> locals = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < groups; i++) {
            int at = in.position();
            long n = in.readU32Long();
            total += n;
            if (total > MAX_LOCALS) throw in.error("too many locals: " + total + " in total", at);
            ValType type = in.readValType();
            locals.add(new Locals(n, type));
        }
        return locals;
    }
}
