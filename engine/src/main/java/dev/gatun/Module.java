package dev.gatun;

import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.model.Externals;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.Export;
import dev.gatun.internal.model.ModuleModel.Import;
import dev.gatun.internal.text.WatParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated and compiled module, immutable and thread-safe: instantiate it any number of times through a
 * {@link Linker}. Compiling the same bytes again on the same engine returns the cached compilation.
 */
public final class Module {
    private final Engine engine;
    private final CompiledModule compiled;

    private Module(Engine engine, CompiledModule compiled) {
        this.engine = engine;
        this.compiled = compiled;
    }

    /** From a binary module; throws {@link MalformedModuleException} / {@link InvalidModuleException}. */
    public static Module fromBytes(Engine engine, byte[] bytes) {
        byte[] copy = bytes.clone();
        return new Module(engine, engine.compile("wasm", copy, () -> ModuleDecoder.decode(copy)));
    }

    /** From WebAssembly text (one module). */
    public static Module fromWat(Engine engine, String wat) {
        byte[] key = wat.getBytes(StandardCharsets.UTF_8);
        return new Module(engine, engine.compile("wat", key, () -> WatParser.parseModule(wat)));
    }

    /** From a file: a binary module, or text when it does not start with the binary magic. */
    public static Module fromPath(Engine engine, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        boolean binary = bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
        return binary ? fromBytes(engine, bytes) : fromWat(engine, new String(bytes, StandardCharsets.UTF_8));
    }

    public Engine engine() {
        return engine;
    }

    CompiledModule compiled() {
        return compiled;
    }

    ModuleModel model() {
        return compiled.module();
    }

    public List<ImportType> imports() {
        return model().imports().stream().map(i -> new ImportType(i.module(), i.name(), typeOf(i))).toList();
    }

    public List<ExportType> exports() {
        return model().exports().stream().map(e -> new ExportType(e.name(), typeOf(e))).toList();
    }

    ExternType typeOf(Import imp) {
        return externType(imp.type());
    }

    private ExternType typeOf(Export export) {
        ModuleModel m = model();
        int index = export.index();
        return switch (export.kind()) {
            case FUNC -> new ExternType.Func(FuncType.of(compiled.functionTypes()[index]));
            case MEMORY -> externType(index < m.importedCount(Externals.ExternKind.MEMORY)
                    ? importOf(Externals.ExternKind.MEMORY, index).type()
                    : m.memories().get(index - m.importedCount(Externals.ExternKind.MEMORY)));
            case TABLE -> externType(index < m.importedCount(Externals.ExternKind.TABLE)
                    ? importOf(Externals.ExternKind.TABLE, index).type()
                    : m.tables().get(index - m.importedCount(Externals.ExternKind.TABLE)).type());
            case GLOBAL -> externType(index < m.importedCount(Externals.ExternKind.GLOBAL)
                    ? importOf(Externals.ExternKind.GLOBAL, index).type()
                    : m.globals().get(index - m.importedCount(Externals.ExternKind.GLOBAL)).type());
            case TAG -> externType(index < m.importedCount(Externals.ExternKind.TAG)
                    ? importOf(Externals.ExternKind.TAG, index).type()
                    : m.tags().get(index - m.importedCount(Externals.ExternKind.TAG)));
        };
    }

    private Import importOf(Externals.ExternKind kind, int index) {
        int seen = 0;
        for (Import imp : model().imports()) {
            if (kindOf(imp.type()) == kind && seen++ == index) return imp;
        }
        throw new IllegalStateException("import " + kind + " " + index + " missing");
    }

    private static Externals.ExternKind kindOf(Externals.ExternType type) {
        return switch (type) {
            case Externals.FuncRef f -> Externals.ExternKind.FUNC;
            case Externals.MemoryType m -> Externals.ExternKind.MEMORY;
            case Externals.TableType t -> Externals.ExternKind.TABLE;
            case Externals.GlobalType g -> Externals.ExternKind.GLOBAL;
            case Externals.TagType t -> Externals.ExternKind.TAG;
        };
    }

    private ExternType externType(Externals.ExternType type) {
        return switch (type) {
            case Externals.FuncRef f -> new ExternType.Func(funcType(f.typeIndex()));
            case Externals.MemoryType mem -> new ExternType.Memory(mem.limits().min(), max(mem.limits()));
            case Externals.TableType t -> new ExternType.Table(ValueType.of(t.element()), t.limits().min(),
                    max(t.limits()));
            case Externals.GlobalType g -> new ExternType.Global(ValueType.of(g.type()), g.mutable());
            case Externals.TagType t -> new ExternType.Tag(funcType(t.typeIndex()));
        };
    }

    private FuncType funcType(int typeIndex) {
        return FuncType.of((dev.gatun.internal.model.Types.FuncType) model().types().get(typeIndex).composite());
    }

    private static long max(Limits limits) {
        return limits.hasMax() ? limits.max() : -1;
    }

    @Override
    public String toString() {
        String name = model().names() == null ? null : model().names().moduleName();
        return "Module" + (name == null ? "" : " " + name) + " (" + model().imports().size() + " imports, "
                + model().exports().size() + " exports)";
    }
}
