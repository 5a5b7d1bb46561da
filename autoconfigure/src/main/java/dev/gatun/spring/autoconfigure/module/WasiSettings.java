package dev.gatun.spring.autoconfigure.module;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.gatun.spring.autoconfigure.GatunProperties.PreopenProperties;
import dev.gatun.spring.autoconfigure.GatunProperties.WasiProperties;
import dev.gatun.spring.autoconfigure.WasmConfigurationException;
import dev.gatun.wasi.WasiCapture;
import dev.gatun.wasi.WasiConfig;

/** Turns {@code gatun.modules.<name>.wasi.*} into a {@link WasiConfig}, checking it at start-up. */
final class WasiSettings {
    private WasiSettings() {}

    static WasiConfig config(String module, WasiProperties wasi) {
        String where = "gatun.modules." + module + ".wasi";
        WasiConfig.Builder builder = WasiConfig.builder().args(wasi.args());
        wasi.env().forEach((name, value) -> {
            if (name.contains("=")) {
                throw new WasmConfigurationException(where + ".env: variable name '" + name + "' contains '='",
                        "Rename the environment variable in " + where + ".env");
            }
            builder.env(name, value);
        });
        for (int i = 0; i < wasi.preopens().size(); i++) {
            PreopenProperties preopen = wasi.preopens().get(i);
            String at = where + ".preopens[" + i + "]";
            if (preopen.guest() == null || preopen.guest().isBlank()) {
                throw new WasmConfigurationException(at + ".guest is missing",
                        "Set " + at + ".guest to the path the guest sees, e.g. /data");
            }
            if (preopen.host() == null || !Files.isDirectory(Path.of(preopen.host()))) {
                throw new WasmConfigurationException(at + ".host '" + preopen.host() + "' is not a directory",
                        "Point " + at + ".host at an existing directory");
            }
            builder.preopen(Path.of(preopen.host()), preopen.guest(), preopen.readOnly());
        }
        switch (wasi.stdio()) {
            case INHERIT -> builder.inheritStdio();
            case CAPTURE -> WasiCapture.configure(builder);
            case DISCARD -> { } // the builder's defaults
        }
        return builder.build();
    }
}
