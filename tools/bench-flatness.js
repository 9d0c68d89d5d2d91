#!/usr/bin/env node
// Benchmark of the flatness metrics (packages/metrics/src/flatness/bench.ts) straight from the TypeScript sources:
// compiles them on the fly with @swc/core (already a dev dependency), no build needed, works offline.
//
//   node tools/bench-flatness.js [--no-reference] [--steps N] [--noise σ] [--fig2-steps N] [--repeats N] [--numpy] [--json]
//
// --numpy additionally times numpy.linalg.eigvals (a general, non-symmetric solver like the paper's
// torch.linalg.eig) and eigvalsh on the same dense Hessian, in a python3 subprocess, when numpy is installed.
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');
const { spawnSync } = require('child_process');
const swc = require('@swc/core');

const root = path.join(__dirname, '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@driftlab\/([^/]+)$/.exec(request);
  if (m) return path.join(root, 'packages', m[1], 'src', 'index.ts');
  return resolve.call(this, request, parent, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

const { benchFlatness } = require(path.join(root, 'packages/metrics/src/flatness/bench.ts'));
const numpy = [];
const rows = benchFlatness({
  reference: !flag('--no-reference'),
  generalitySteps: value('--steps', 100000),
  updateNoise: value('--noise', 0.1),
  fig2Steps: value('--fig2-steps', 300),
  repeats: value('--repeats', 5),
  log: (line) => process.stderr.write(line + '\n'),
  onDenseHessian: flag('--numpy') ? (name, h, P) => numpy.push({ name, ...timeNumpy(h, P) }) : undefined,
});

function timeNumpy(h, P) {
  const file = path.join(os.tmpdir(), `driftlab-hessian-${process.pid}.f64`);
  fs.writeFileSync(file, Buffer.from(h.buffer, h.byteOffset, h.byteLength));
  const script = [
    'import sys, time, numpy as np',
    `a = np.fromfile(sys.argv[1], dtype=np.float64).reshape(${P}, ${P})`,
    't = time.perf_counter(); np.linalg.eigvalsh(a); s = time.perf_counter() - t',
    't = time.perf_counter(); np.linalg.eigvals(a); g = time.perf_counter() - t',
    'print(s, g)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  fs.unlinkSync(file);
  if (r.status !== 0) return { error: (r.stderr || 'python3/numpy not available').trim().split('\n').pop() };
  const [eigvalsh, eigvals] = r.stdout.trim().split(/\s+/).map(Number);
  return { numpyEigvalshSeconds: eigvalsh, numpyEigvalsSeconds: eigvals };
}

const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
if (flag('--json')) {
  process.stdout.write(JSON.stringify({ rows, numpy, load, cpus: os.cpus().length }, null, 2) + '\n');
} else {
  const f = (x, d = 2) => (x === undefined ? '—' : x.toFixed(d));
  console.log('| snapshot | P | dead units | loss | dense dim | all metrics s (cpu s) | full spectrum | reference s (cpu s) | speed-up wall (cpu) | max |Δλ|/λmax |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.nParams} | ${r.deadUnits} | ${r.loss.toExponential(2)} | ${r.denseDim} | ${f(r.seconds)} (${f(r.cpuSeconds)}) | ${r.spectrum ? 'yes' : 'no'} | ` +
        `${f(r.referenceSeconds, 1)} (${f(r.referenceCpuSeconds, 1)}) | ${r.referenceSeconds ? `${f(r.referenceSeconds / r.seconds, 0)}× (${f(r.referenceCpuSeconds / r.cpuSeconds, 0)}×)` : '—'} | ${r.maxRelEigDiff === undefined ? '—' : r.maxRelEigDiff.toExponential(1)} |`,
    );
  console.log(`(${os.cpus().length} CPUs, load average at the end ${load}; structured times: fastest of the repeats)`);
  for (const n of numpy) console.log(`numpy on "${n.name}": ${n.error ?? `eigvalsh ${f(n.numpyEigvalshSeconds)} s, eigvals (general) ${f(n.numpyEigvalsSeconds)} s`}`);
}
