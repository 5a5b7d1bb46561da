package dev.gatun.internal.compile;

import static dev.gatun.internal.compile.JvmTypes.CONTEXT;
import static dev.gatun.internal.compile.JvmTypes.FUNCTION_REF;
import static dev.gatun.internal.compile.JvmTypes.METHOD_HANDLE;
import static dev.gatun.internal.compile.JvmTypes.TABLE;
import static dev.gatun.internal.compile.JvmTypes.kind;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.validate.ValidatedModule;
import dev.gatun.internal.validate.Validator;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a validated module into one hidden class (defined in this package with
 * {@link MethodHandles.Lookup#defineHiddenClass}) holding a static method per function; see
 * {@link FunctionEmitter} for the shape of the generated code. Imported functions get a bridge method with
 * the same name and descriptor as a compiled one, so every direct call is an {@code invokestatic}.
 */
public final class ModuleCompiler {
    private ModuleCompiler() {}

    private static final ClassDesc OWNER = ClassDesc.of(ModuleCompiler.class.getPackageName() + ".WasmModule");
    /**
     * Profiling aid: {@code -Dgatun.debug.namedClasses=true} defines each module as an ordinary class named
     * {@code WasmModule_N}, because profilers (JFR) leave hidden-class frames out of stack traces.
     */
    private static final boolean NAMED_CLASSES = Boolean.getBoolean("gatun.debug.namedClasses");
    private static final java.util.concurrent.atomic.AtomicInteger NAMED_COUNT = new java.util.concurrent.atomic.AtomicInteger();

    /** Validates (the compiler needs validation's canonical type ids) and compiles. */
    public static CompiledModule compile(ModuleModel module) {
        return compile(Validator.validate(module));
    }

    public static CompiledModule compile(ValidatedModule validated) {
        return compile(validated, true);
    }

    /**
     * @param limitChecks false compiles without the interrupt/deadline/fuel checks at function entries and
     *                    loop headers (faster, but such code can only be stopped by the call-depth limit)
     */
    public static CompiledModule compile(ValidatedModule validated, boolean limitChecks) {
        return compile(validated, limitChecks, false);
    }

    /**
     * @param fuel compiles the fuel countdown (per basic block) into every function; instances of such code
     *             must {@link dev.gatun.internal.runtime.ExecutionLimits#enableFuel enable fuel}
     */
    public static CompiledModule compile(ValidatedModule validated, boolean limitChecks, boolean fuel) {
        return compile(validated, limitChecks, fuel, false);
    }

    /**
     * @param offHeapMemories keeps every memory off the JVM heap ({@code OffHeapMemory}), also the small unshared
     *                        32-bit ones that are otherwise a {@code byte[]}: instances of such code can reset
     *                        their memory by remapping an image (pools) instead of copying it
     */
    public static CompiledModule compile(ValidatedModule validated, boolean limitChecks, boolean fuel,
                                         boolean offHeapMemories) {
        if (fuel && !limitChecks) throw new IllegalArgumentException("fuel needs the limit checks");
        ModuleModel module = validated.module();
        SimdEmitter.rejectV128Fields(module);
        ClassDesc owner = NAMED_CLASSES ? ClassDesc.of(OWNER.packageName() + ".WasmModule_" + NAMED_COUNT.incrementAndGet()) : OWNER;
        CompilationUnit unit = new CompilationUnit(module, owner, validated);
        unit.limitChecks = limitChecks;
        unit.fuel = fuel;
        unit.offHeapMemories = offHeapMemories;
        byte[] bytes = classBytes(unit);
        if (NAMED_CLASSES) dumpForProfiling(owner, bytes);
        Class<?> generated;
        MethodHandles.Lookup lookup;
        try {
            lookup = NAMED_CLASSES
                    ? MethodHandles.privateLookupIn(MethodHandles.lookup().defineClass(bytes), MethodHandles.lookup())
                    : MethodHandles.lookup().defineHiddenClass(bytes, true);
            generated = lookup.lookupClass();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot define the generated class", e);
        }
        int imported = unit.importedFunctionCount;
        MethodHandle[] compiled = new MethodHandle[unit.functionCount() - imported];
        FuncType[] types = new FuncType[unit.functionCount()];
        for (int i = 0; i < types.length; i++) types[i] = unit.functionType(i);
        try {
            for (int i = imported; i < types.length; i++) {
                compiled[i - imported] = lookup.findStatic(generated, CompilationUnit.functionMethodName(i),
                        JvmTypes.compiledType(types[i]));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("generated method missing", e);
        }
        int[] typeIds = new int[module.types().size()];
        for (int i = 0; i < typeIds.length; i++) typeIds[i] = validated.canonicalTypeId(i);
        int[] functionTypeIds = new int[types.length];
        for (int i = 0; i < types.length; i++) functionTypeIds[i] = typeIds[validated.functionTypeIndex(i)];
        return new CompiledModule(module, unit.layout, generated, compiled, types, functionTypeIds, typeIds,
                maxExtraResults(module), maxParams(module), offHeapMemories, unit.heapBoundsExplicit());
    }

    /** With named classes, {@code -Dgatun.debug.dumpDir=DIR} also writes each class file there (for javap). */
    private static void dumpForProfiling(ClassDesc owner, byte[] bytes) {
        String dir = System.getProperty("gatun.debug.dumpDir");
        if (dir == null) return;
        try {
            java.nio.file.Files.write(java.nio.file.Path.of(dir, owner.displayName() + ".class"), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The bytes of the class generated for a module (tests inspect method sizes). */
    static byte[] classBytes(ValidatedModule validated) {
        return classBytes(new CompilationUnit(validated.module(), OWNER, validated));
    }

    private static byte[] classBytes(CompilationUnit unit) {
        ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(
                        ClassHierarchyResolver.ofClassLoading(ModuleCompiler.class.getClassLoader()))));
        try {
            SplitPolicy split = SplitPolicy.initial(unit);
            byte[] bytes = classFile.build(unit.owner, cb -> buildClass(unit, cb, split));
            // a function left in one method but over the JIT limit is split on a second build
            if (split.addOversized(unit, bytes)) bytes = classFile.build(unit.owner, cb -> buildClass(unit, cb, split));
            return bytes;
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            boolean overLimit = why.contains("Code length") || why.contains("too large") || why.contains("too many")
                    || why.contains("overflow");
            boolean poolFull = why.contains("is not a valid index"); // a constant pool index past 65535
            if ((overLimit || poolFull) && unit.directIndirectCalls) {
                // the direct-dispatch switches add constant pool entries; a class at the limit does without them
                unit.directIndirectCalls = false;
                return classBytes(unit);
            }
            if (overLimit) {
                // the JVM's limits (64 KiB per method, constant pool size), e.g. a huge br_table splitting cannot cut
                throw new NotSupportedException("function too large for one JVM method: " + why);
            }
            if (poolFull) throw new NotSupportedException("module too large for one JVM class (constant pool): " + why);
            throw new IllegalStateException("the compiler generated an invalid class: " + why, e);
        }
    }

    private static void buildClass(CompilationUnit unit, ClassBuilder cb, SplitPolicy split) {
        cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
        int flags = ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC;
        for (int i = 0; i < unit.importedFunctionCount; i++) {
            int index = i;
            FuncType type = unit.functionType(i);
            cb.withMethodBody(CompilationUnit.functionMethodName(i), JvmTypes.compiledDescriptor(type), flags,
                    code -> importBridge(code, index, type));
        }
        List<ModuleModel.FunctionBody> bodies = unit.module.bodies();
        for (int d = 0; d < bodies.size(); d++) {
            int index = unit.importedFunctionCount + d;
            ModuleModel.FunctionBody body = bodies.get(d);
            if (split.shouldSplit(index)) {
                if (SplitFunctionEmitter.emit(unit, index, body, cb, split.budget(), split.plans())) continue;
                split.unsplittable(index);
            }
            cb.withMethodBody(CompilationUnit.functionMethodName(index),
                    JvmTypes.compiledDescriptor(unit.functionType(index)), flags,
                    code -> new FunctionEmitter(unit, index, body, code).emit());
        }
        IndirectDispatchEmitter dispatch = new IndirectDispatchEmitter(unit);
        for (int typeIndex : new ArrayList<>(unit.callRefTypes)) {
            FuncType type = unit.funcTypeAt(typeIndex);
            int typeId = unit.validated.canonicalTypeId(typeIndex);
            cb.withMethodBody(CompilationUnit.callRefMethodName(typeIndex), JvmTypes.callRefDescriptor(type), flags,
                    code -> callRefBridge(code, type, typeId, dispatch));
        }
        for (FunctionEmitter.IndirectSite site : new ArrayList<>(unit.indirectSites)) {
            FuncType type = unit.funcTypeAt(site.typeIndex());
            cb.withMethodBody(CompilationUnit.indirectMethodName(site),
                    JvmTypes.indirectDescriptor(type, unit.tableIs64(site.tableIndex())), flags,
                    code -> indirectBridge(code, unit, site, type, dispatch));
        }
        dispatch.emitChunkMethods(cb);
    }

    private static int paramSlots(FuncType type) {
        int slots = 0;
        for (ValType p : type.params()) slots += kind(p).slotSize();
        return slots;
    }

    /** {@code funcN} of an imported function: calls {@code ctx.functions[N].target}. */
    private static void importBridge(CodeBuilder code, int index, FuncType type) {
        int depthSlot = paramSlots(type);
        int contextSlot = depthSlot + 1;
        int refSlot = contextSlot + 1;
        code.aload(contextSlot);
        code.getfield(CONTEXT, "functions", FUNCTION_REF.arrayType());
        code.loadConstant(index);
        code.aaload();
        code.astore(refSlot);
        invokeTarget(code, type, refSlot, depthSlot, contextSlot);
    }

    /**
     * {@code callIndirectT_X(params, elementIndex, depth, ctx)}: table lookup with the bounds, null and type
     * checks in {@code Table.functionForCall}, then the call ({@link IndirectDispatchEmitter}: direct for the
     * instance's own functions, else through the reference).
     */
    private static void indirectBridge(CodeBuilder code, CompilationUnit unit, FunctionEmitter.IndirectSite site,
                                       FuncType type, IndirectDispatchEmitter dispatch) {
        boolean table64 = unit.tableIs64(site.tableIndex());
        int indexSlot = paramSlots(type);
        int depthSlot = indexSlot + (table64 ? 2 : 1);
        int contextSlot = depthSlot + 1;
        int refSlot = contextSlot + 1;
        code.aload(contextSlot);
        code.getfield(CONTEXT, "tables", TABLE.arrayType());
        code.loadConstant(site.tableIndex());
        code.aaload();
        if (table64) code.lload(indexSlot);
        else code.iload(indexSlot);
        code.loadConstant(unit.validated.canonicalTypeId(site.typeIndex()));
        code.invokevirtual(TABLE, "functionForCall",
                MethodTypeDesc.of(FUNCTION_REF, table64 ? java.lang.constant.ConstantDescs.CD_long : CD_int, CD_int));
        code.astore(refSlot);
        dispatch.emitCall(code, unit.validated.canonicalTypeId(site.typeIndex()), type, refSlot, depthSlot, contextSlot);
    }

    /** {@code callRefT(params, ref, depth, ctx)}: a null check, then the call as in {@link #indirectBridge}. */
    private static void callRefBridge(CodeBuilder code, FuncType type, int typeId, IndirectDispatchEmitter dispatch) {
        int refArgument = paramSlots(type);
        int depthSlot = refArgument + 1;
        int contextSlot = depthSlot + 1;
        int refSlot = contextSlot + 1;
        code.aload(refArgument);
        code.invokestatic(JvmTypes.desc(dev.gatun.internal.runtime.References.class), "function",
                MethodTypeDesc.of(FUNCTION_REF, java.lang.constant.ConstantDescs.CD_Object));
        code.astore(refSlot);
        dispatch.emitCall(code, typeId, type, refSlot, depthSlot, contextSlot);
    }

    /**
     * The call through a function reference. A Wasm function gets the callee's depth as an argument of its
     * {@code depthTarget}; a host function is called through {@code target}. Unless the callee is a function
     * of this instance, the depth is also handed over in this instance's {@code entryDepth} for the call (the
     * old value put back however it ends): a host function's calls back into this instance start there, and
     * a loop through other instances and host functions back into this one keeps deepening.
     * <pre>
     *   if (ref.owner == ctx) r = ref.depthTarget.invokeExact(params, depth);
     *   else { saved = ctx.entryDepth; ctx.entryDepth = depth;
     *          try { r = ref.owner != null ? ref.depthTarget.invokeExact(params, depth) : ref.target.invokeExact(params); }
     *          finally { ctx.entryDepth = saved; } }
     *   [extra results; pending tail calls]
     * </pre>
     */
    static void invokeTarget(CodeBuilder code, FuncType type, int refSlot, int depthSlot, int contextSlot) {
        int savedSlot = refSlot + 1;
        Label outside = code.newLabel();
        Label host = code.newLabel();
        Label returned = code.newLabel();
        Label called = code.newLabel();
        code.aload(refSlot);
        code.getfield(FUNCTION_REF, "owner", CONTEXT);
        code.aload(contextSlot);
        code.if_acmpne(outside);
        invokeWithDepth(code, type, refSlot, depthSlot);
        code.goto_(called);
        code.labelBinding(outside);
        code.aload(contextSlot);
        code.getfield(CONTEXT, "entryDepth", CD_int);
        code.istore(savedSlot);
        code.aload(contextSlot);
        code.iload(depthSlot);
        code.putfield(CONTEXT, "entryDepth", CD_int);
        Label start = code.newBoundLabel();
        code.aload(refSlot);
        code.getfield(FUNCTION_REF, "owner", CONTEXT);
        code.ifnull(host);
        invokeWithDepth(code, type, refSlot, depthSlot);
        code.goto_(returned);
        code.labelBinding(host);
        code.aload(refSlot);
        code.getfield(FUNCTION_REF, "target", METHOD_HANDLE);
        loadParams(code, type);
        code.invokevirtual(METHOD_HANDLE, "invokeExact", JvmTypes.targetDescriptor(type));
        code.labelBinding(returned);
        Label end = code.newBoundLabel();
        restoreEntryDepth(code, contextSlot, savedSlot);
        code.goto_(called);
        Label handler = code.newBoundLabel();
        restoreEntryDepth(code, contextSlot, savedSlot);
        code.athrow();
        code.exceptionCatchAll(start, end, handler);
        code.labelBinding(called);
        if (type.results().size() > 1) {
            code.aload(refSlot);
            code.aload(contextSlot);
            code.invokestatic(FUNCTION_REF, "copyExtraResults", MethodTypeDesc.of(CD_void, FUNCTION_REF, CONTEXT));
        }
        TailCallEmitter.drainThrough(code, refSlot, depthSlot, contextSlot, type);
        code.return_(type.results().isEmpty() ? TypeKind.VOID : kind(type.results().getFirst()));
    }

    private static void invokeWithDepth(CodeBuilder code, FuncType type, int refSlot, int depthSlot) {
        code.aload(refSlot);
        code.getfield(FUNCTION_REF, "depthTarget", METHOD_HANDLE);
        loadParams(code, type);
        code.iload(depthSlot);
        code.invokevirtual(METHOD_HANDLE, "invokeExact", JvmTypes.depthTargetDescriptor(type));
    }

    private static void loadParams(CodeBuilder code, FuncType type) {
        int slot = 0;
        for (ValType p : type.params()) {
            code.loadLocal(kind(p), slot);
            slot += kind(p).slotSize();
        }
    }

    private static void restoreEntryDepth(CodeBuilder code, int contextSlot, int savedSlot) {
        code.aload(contextSlot);
        code.iload(savedSlot);
        code.putfield(CONTEXT, "entryDepth", CD_int);
    }

    private static int maxParams(ModuleModel module) {
        int max = 0;
        for (var t : module.types()) {
            if (t.composite() instanceof FuncType f) max = Math.max(max, f.params().size());
        }
        return max;
    }

    /** Scratch size: every function type's result count minus one (block types never leave the method). */
    private static int maxExtraResults(ModuleModel module) {
        int max = 0;
        for (var t : module.types()) {
            if (t.composite() instanceof FuncType f) max = Math.max(max, f.results().size() - 1);
        }
        return max;
    }
}
