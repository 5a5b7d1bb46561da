package dev.gatun.internal.validate;

import dev.gatun.InvalidModuleException;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.ValType;
import java.util.List;

/**
 * What instructions may refer to: the module's index spaces (imports first) with their types. Index
 * spaces are backed by the module's bytes, so arrays sized by them are safe to allocate.
 */
final class ModuleContext {
    final TypeContext types;
    /** Type index of every function (imported and defined). */
    final int[] functionTypes;
    final List<TableType> tables;
    final List<MemoryType> memories;
    final List<GlobalType> globals;
    final int importedGlobals;
    /** Type index of every tag. */
    final int[] tagTypes;
    /** Element type of every element segment. */
    final ValType[] elementTypes;
    /** Number of data segments that memory.init / data.drop may name. */
    final int dataSegments;
    /** The spec's C.refs: functions that a ref.func in a body may name. */
    final boolean[] declaredFunctions;

    ModuleContext(TypeContext types, int[] functionTypes, List<TableType> tables, List<MemoryType> memories,
                  List<GlobalType> globals, int importedGlobals, int[] tagTypes, ValType[] elementTypes,
                  int dataSegments, boolean[] declaredFunctions) {
        this.types = types;
        this.functionTypes = functionTypes;
        this.tables = tables;
        this.memories = memories;
        this.globals = globals;
        this.importedGlobals = importedGlobals;
        this.tagTypes = tagTypes;
        this.elementTypes = elementTypes;
        this.dataSegments = dataSegments;
        this.declaredFunctions = declaredFunctions;
    }

    boolean hasFunction(int index) {
        return index >= 0 && index < functionTypes.length;
    }

    /** The (validated) function type of a function index that exists. */
    FuncType functionType(int index) {
        FuncType f = types.funcTypeOrNull(functionTypes[index]);
        if (f == null) throw new InvalidModuleException("unknown type " + functionTypes[index]);
        return f;
    }
}
