package dev.gatun.examples;

import dev.gatun.ExportType;
import dev.gatun.ExternType;
import dev.gatun.FuncType;
import dev.gatun.Value;
import dev.gatun.ValueType;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;
import dev.gatun.spring.autoconfigure.module.WasmModuleRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every loaded module, including those an operator put in {@code gatun.modules-dir}: list them, call an exported
 * numeric function of any of them, or run a bundled WASI command with the request body as stdin.
 */
@RestController
@RequestMapping("/api/modules")
public class ModulesController {
    private final WasmModuleRegistry registry;
    private final CommandCatalog commands;
    private final CommandRunner runner;

    public ModulesController(WasmModuleRegistry registry, CommandCatalog commands, CommandRunner runner) {
        this.registry = registry;
        this.commands = commands;
        this.runner = runner;
    }

    @GetMapping
    public Map<String, Object> list() {
        Map<String, Object> modules = new LinkedHashMap<>();
        registry.all().stream().sorted(java.util.Comparator.comparing(WasmModuleRuntime::name)).forEach(runtime -> {
            Map<String, String> functions = new LinkedHashMap<>();
            for (ExportType export : runtime.module().exports()) {
                if (export.type() instanceof ExternType.Func func) functions.put(export.name(), func.type().toString());
            }
            modules.put(runtime.name(), Map.of("source", runtime.settings().location(), "functions", functions));
        });
        Map<String, Object> wasiCommands = new LinkedHashMap<>();
        commands.commands().values().forEach(command -> wasiCommands.put(command.name(), Map.of("source", command.source())));
        return Map.of("modules", modules, "commands", wasiCommands);
    }

    /** Calls {@code module.function} with {@code arg} parameters parsed by the function's parameter types. */
    @PostMapping("/{module}/functions/{function}")
    public Map<String, Object> call(@PathVariable("module") String module, @PathVariable("function") String function,
                                    @RequestParam(name = "arg", required = false) List<String> args) {
        if (!registry.contains(module)) {
            throw new UnknownFunctionException("no module \"" + module + "\"; the modules are "
                    + registry.all().stream().map(WasmModuleRuntime::name).sorted().toList());
        }
        WasmModuleRuntime runtime = registry.get(module);
        FuncType type = exportedFunction(runtime, function);
        List<String> given = args == null ? List.of() : args;
        if (given.size() != type.params().size()) {
            throw new BadArgumentException(module + "." + function + " " + type + " takes " + type.params().size()
                    + " arguments, got " + given.size());
        }
        Value[] values = new Value[given.size()];
        for (int i = 0; i < values.length; i++) values[i] = parse(type.params().get(i), given.get(i), i);
        Value[] results = runtime.call(function, instance -> instance.function(function).call(values));
        List<Object> shown = new ArrayList<>();
        for (Value result : results) shown.add(show(result));
        return Map.of("module", module, "function", function, "results", shown);
    }

    @PostMapping(path = "/commands/{command}", consumes = MediaType.ALL_VALUE)
    public CommandRunner.CommandResult run(@PathVariable("command") String command, @RequestBody(required = false) byte[] stdin) {
        return runner.run(command, stdin == null ? new byte[0] : stdin);
    }

    private static FuncType exportedFunction(WasmModuleRuntime runtime, String function) {
        for (ExportType export : runtime.module().exports()) {
            if (export.name().equals(function) && export.type() instanceof ExternType.Func func) return func.type();
        }
        throw new UnknownFunctionException("module \"" + runtime.name() + "\" exports no function \"" + function + "\"");
    }

    private static Value parse(ValueType type, String text, int index) {
        try {
            return switch (type) {
                case I32 -> Value.i32(Integer.parseInt(text));
                case I64 -> Value.i64(Long.parseLong(text));
                case F32 -> Value.f32(Float.parseFloat(text));
                case F64 -> Value.f64(Double.parseDouble(text));
                default -> throw new BadArgumentException("not supported: " + type + " arguments over HTTP (argument " + index + ")");
            };
        } catch (NumberFormatException e) {
            throw new BadArgumentException("argument " + index + " must be an " + type + ", got \"" + text + "\"");
        }
    }

    private static Object show(Value value) {
        return switch (value.type()) {
            case I32 -> value.asInt();
            case I64 -> value.asLong();
            case F32 -> value.asFloat();
            case F64 -> value.asDouble();
            default -> String.valueOf(value);
        };
    }
}
