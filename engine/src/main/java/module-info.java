/** Gatun's engine: only the public API packages are exported. */
module dev.gatun.engine {
    exports dev.gatun;
    exports dev.gatun.wast;
    exports dev.gatun.wasi;

    requires java.management; // WASI's thread CPU-time clock
}
