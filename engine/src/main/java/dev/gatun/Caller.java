package dev.gatun;

import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel.Export;
import dev.gatun.internal.runtime.InstanceContext;

/** What a host function sees of the instance calling it: its memories (to read arguments, write results). */
public final class Caller {
    private InstanceContext ctx;
    /** Memory 0's view, made once (the memory object stays; only its byte array changes on grow). */
    private Memory memory0;
    private final dev.gatun.internal.model.ModuleModel module;

    Caller(dev.gatun.internal.model.ModuleModel module) {
        this.module = module;
    }

    /** Set once the instance's context exists (before any of its code runs). */
    void bind(InstanceContext ctx) {
        this.ctx = ctx;
    }

    /** The caller's memory 0 (imported or its own). */
    public Memory memory() {
        Memory view = memory0;
        if (view != null) return view;
        if (ctx.memories == null || ctx.memories.length == 0 || ctx.memories[0] == null) {
            throw new UnknownExportException("the calling instance has no memory");
        }
        return memory0 = new Memory(ctx.memories[0]);
    }

    /** Memory 0 as the runtime sees it, or null when there is none (for WASI, which checks at each access). */
    dev.gatun.internal.runtime.LinearMemory rawMemory0() {
        if (ctx == null || ctx.memories == null || ctx.memories.length == 0) return null;
        return ctx.memories[0];
    }

    /** The caller's memory exported as {@code name}. */
    public Memory memory(String name) {
        for (Export e : module.exports()) {
            if (e.kind() == ExternKind.MEMORY && e.name().equals(name)) return new Memory(ctx.memories[e.index()]);
        }
        throw new UnknownExportException("the calling instance exports no memory \"" + name + "\"");
    }

    /** Asks the calling instance to stop (an {@link InterruptedTrap} once the host function returns). */
    public void interrupt() {
        ctx.interrupt();
    }
}
