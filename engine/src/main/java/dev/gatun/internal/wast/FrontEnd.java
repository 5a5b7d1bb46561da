package dev.gatun.internal.wast;

import dev.gatun.internal.binary.ModuleDecoder;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WastCommand;
import dev.gatun.internal.text.WastParser;
import dev.gatun.internal.text.WatParser;
import dev.gatun.internal.validate.Validator;
import java.util.List;

/**
 * The engine's front-end stages as the script runner uses them: parse a script, decode a binary module, parse
 * a text module, validate. An interface so that tests can run scripts against stand-ins.
 */
public interface FrontEnd {
    List<WastCommand> parseScript(String script);

    ModuleModel decode(byte[] bytes);

    ModuleModel parseText(String text);

    void validate(ModuleModel module);

    /** The real stages: {@link WastParser}, {@link ModuleDecoder}, {@link WatParser}, {@link Validator}. */
    static FrontEnd standard() {
        return new FrontEnd() {
            @Override
            public List<WastCommand> parseScript(String script) {
                return WastParser.parse(script);
            }

            @Override
            public ModuleModel decode(byte[] bytes) {
                return ModuleDecoder.decode(bytes);
            }

            @Override
            public ModuleModel parseText(String text) {
                return WatParser.parseModule(text);
            }

            @Override
            public void validate(ModuleModel module) {
                Validator.validate(module);
            }
        };
    }
}
