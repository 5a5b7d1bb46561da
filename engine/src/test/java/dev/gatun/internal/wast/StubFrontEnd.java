package dev.gatun.internal.wast;

import dev.gatun.InvalidModuleException;
import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WastCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stand-in front end driven by the module's own text (or bytes read as text): "malformed" fails to decode,
 * "invalid" decodes and fails validation, "crash" makes the decoder throw an unexpected exception,
 * "crash-validate" the validator, "assert-validate" makes it fail an {@code assert}, "hang" blocks until interrupted; anything else is a valid module.
 */
final class StubFrontEnd implements FrontEnd {
    private final List<WastCommand> commands;

    StubFrontEnd(List<WastCommand> commands) {
        this.commands = commands;
    }

    @Override
    public List<WastCommand> parseScript(String script) {
        if (script.equals("not a script")) throw new MalformedModuleException("1:1: expected '('");
        return commands;
    }

    @Override
    public ModuleModel decode(byte[] bytes) {
        return parseText(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public ModuleModel parseText(String text) {
        switch (text) {
            case "malformed" -> throw new MalformedModuleException("unexpected end", 8);
            case "crash" -> throw new IllegalStateException("not supported: crash");
            case "hang" -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted");
                }
            }
            default -> {}
        }
        ModuleModel.Builder builder = new ModuleModel.Builder();
        builder.moduleName = text;
        return builder.build();
    }

    @Override
    public void validate(ModuleModel module) {
        String what = module.names().moduleName();
        if ("invalid".equals(what)) throw new InvalidModuleException("type mismatch", 0, 0x1f);
        if ("crash-validate".equals(what)) throw new NullPointerException();
        if ("assert-validate".equals(what)) throw new AssertionError("stack height 3 != 2");
    }
}
