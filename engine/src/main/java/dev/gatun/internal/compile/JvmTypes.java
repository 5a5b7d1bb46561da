package dev.gatun.internal.compile;

import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import dev.gatun.internal.runtime.FunctionRef;
import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.internal.runtime.InstanceContext;
import dev.gatun.internal.runtime.Table;
import dev.gatun.internal.runtime.WasmGlobal;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * How Wasm types map to the JVM: i32 -> int, i64 -> long, f32 -> float, f64 -> double, references ->
 * Object, v128 -> {@link dev.gatun.V128} (see {@link SimdEmitter}). A function {@code [p*] -> [r*]} becomes
 * {@code (p*, int depth, InstanceContext) -> r0} (void when there are no results); results after the first
 * travel through the instance's scratch arrays. {@code depth} is the number of Wasm frames still allowed,
 * the callee's included: the callee traps when it is {@code <= 0} and passes {@code depth - 1} to its own
 * calls (see {@link LimitCheckEmitter#emitEntry}), so the call-depth limit costs no memory access per call.
 */
public final class JvmTypes {
    private JvmTypes() {}

    public static final ClassDesc CONTEXT = desc(InstanceContext.class);
    public static final ClassDesc FUNCTION_REF = desc(FunctionRef.class);
    public static final ClassDesc HEAP_MEMORY = desc(HeapMemory.class);
    public static final ClassDesc TABLE = desc(Table.class);
    public static final ClassDesc GLOBAL = desc(WasmGlobal.class);
    public static final ClassDesc SEGMENT = desc(MemorySegment.class);
    public static final ClassDesc METHOD_HANDLE = desc(MethodHandle.class);
    public static final ClassDesc V128 = desc(dev.gatun.V128.class);

    static ClassDesc desc(Class<?> c) {
        return ClassDesc.of(c.getName());
    }

    public static TypeKind kind(ValType t) {
        return switch (t.kind()) {
            case I32 -> TypeKind.INT;
            case I64 -> TypeKind.LONG;
            case F32 -> TypeKind.FLOAT;
            case F64 -> TypeKind.DOUBLE;
            case REF, V128 -> TypeKind.REFERENCE;
            default -> throw new NotSupportedException("value type " + t);
        };
    }

    public static ClassDesc classDesc(ValType t) {
        return switch (t.kind()) {
            case I32 -> ConstantDescs.CD_int;
            case I64 -> ConstantDescs.CD_long;
            case F32 -> ConstantDescs.CD_float;
            case F64 -> ConstantDescs.CD_double;
            case REF -> ConstantDescs.CD_Object;
            case V128 -> V128;
            default -> throw new NotSupportedException("value type " + t);
        };
    }

    public static Class<?> javaClass(ValType t) {
        return switch (t.kind()) {
            case I32 -> int.class;
            case I64 -> long.class;
            case F32 -> float.class;
            case F64 -> double.class;
            case REF -> Object.class;
            case V128 -> dev.gatun.V128.class;
            default -> throw new NotSupportedException("value type " + t);
        };
    }

    /** Values held in a JVM reference (references and v128): they travel through the Object scratch arrays. */
    public static boolean isObject(ValType t) {
        return t.isRef() || t.kind() == ValType.Kind.V128;
    }

    /** After reading a value of type {@code t} from an Object array: v128 needs its class back. */
    static void castFromObject(java.lang.classfile.CodeBuilder code, ValType t) {
        if (t.kind() == ValType.Kind.V128) code.checkcast(V128);
    }

    static ClassDesc returnDesc(FuncType type) {
        return type.results().isEmpty() ? ConstantDescs.CD_void : classDesc(type.results().getFirst());
    }

    /** The compiled method's descriptor: params, then the call depth and the instance context. */
    public static MethodTypeDesc compiledDescriptor(FuncType type) {
        return descriptor(type.params(), returnDesc(type), ConstantDescs.CD_int, CONTEXT);
    }

    /** A call_indirect bridge's descriptor: params, the element index (i64 for table64), the callee's depth, the context. */
    static MethodTypeDesc indirectDescriptor(FuncType type, boolean table64) {
        return descriptor(type.params(), returnDesc(type), table64 ? ConstantDescs.CD_long : ConstantDescs.CD_int,
                ConstantDescs.CD_int, CONTEXT);
    }

    /** A call_ref bridge's descriptor: params, the function reference, the callee's depth, the instance context. */
    static MethodTypeDesc callRefDescriptor(FuncType type) {
        return descriptor(type.params(), returnDesc(type), ConstantDescs.CD_Object, ConstantDescs.CD_int, CONTEXT);
    }

    /** The descriptor of {@link FunctionRef#depthTarget}'s invokeExact: params, then the callee's depth. */
    static MethodTypeDesc depthTargetDescriptor(FuncType type) {
        return descriptor(type.params(), returnDesc(type), ConstantDescs.CD_int);
    }

    /** The descriptor of {@link FunctionRef#target}'s invokeExact: params only. */
    static MethodTypeDesc targetDescriptor(FuncType type) {
        return descriptor(type.params(), returnDesc(type));
    }

    private static MethodTypeDesc descriptor(List<ValType> params, ClassDesc ret, ClassDesc... trailing) {
        ClassDesc[] all = new ClassDesc[params.size() + trailing.length];
        for (int i = 0; i < params.size(); i++) all[i] = classDesc(params.get(i));
        System.arraycopy(trailing, 0, all, params.size(), trailing.length);
        return MethodTypeDesc.of(ret, all);
    }

    /** The {@link FunctionRef#target} type: params -> first result or void. */
    public static MethodType targetType(FuncType type) {
        Class<?>[] params = new Class<?>[type.params().size()];
        for (int i = 0; i < params.length; i++) params[i] = javaClass(type.params().get(i));
        Class<?> ret = type.results().isEmpty() ? void.class : javaClass(type.results().getFirst());
        return MethodType.methodType(ret, params);
    }

    /** The compiled method's type: the target type plus the trailing depth and context. */
    public static MethodType compiledType(FuncType type) {
        return targetType(type).appendParameterTypes(int.class, InstanceContext.class);
    }
}
