// Runs one sightglass module under node's V8 for the Java corpus runner (NodeEngine), one command per stdin line,
// so that V8 runs can be interleaved with the JVM engines' runs. Replies one JSON line per command on stdout.
//   compile                       -> {"compileNanos": n}
//   run <stdoutFile> <stderrFile> -> {"measuredNanos": n, "exitCode": c}   (fresh instance and WASI each time)
// Errors reply {"error": "..."}. argv: <module.wasm> <argv0>; the process's cwd is the module's folder.
import { readFileSync, openSync, closeSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { createInterface } from 'node:readline';

const [wasmPath, argv0] = process.argv.slice(2);
let compiled = null;

function reply(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

function compile() {
  const bytes = readFileSync(wasmPath);
  const t0 = process.hrtime.bigint();
  compiled = new WebAssembly.Module(bytes);
  return { compileNanos: Number(process.hrtime.bigint() - t0) };
}

function run(stdoutFile, stderrFile) {
  const stdout = openSync(stdoutFile, 'w');
  const stderr = openSync(stderrFile, 'w');
  try {
    const wasi = new WASI({ version: 'preview1', args: [argv0], env: {}, preopens: { '.': '.' },
                            stdout, stderr, returnOnExit: true });
    let start = -1n, end = -1n;
    const imports = {
      wasi_snapshot_preview1: wasi.wasiImport,
      bench: { start() { start = process.hrtime.bigint(); }, end() { end = process.hrtime.bigint(); } },
    };
    const instance = new WebAssembly.Instance(compiled, imports);
    const exitCode = wasi.start(instance) ?? 0;
    if (start < 0n || end < start) throw new Error('the module did not call bench.start and then bench.end');
    return { measuredNanos: Number(end - start), exitCode };
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...args] = line.split('\t');
  try {
    if (command === 'compile') reply(compile());
    else if (command === 'run') reply(run(args[0], args[1]));
    else reply({ error: `unknown command: ${command}` });
  } catch (e) {
    reply({ error: String(e && e.stack || e) });
  }
}
