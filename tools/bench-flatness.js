#!/usr/bin/env node
// Benchmark of the flatness metrics (packages/metrics/src/flatness/bench.ts) straight from the TypeScript sources:
// compiles them on the fly with @swc/core (already a dev dependency), no build needed, works offline.
//
//   node tools/bench-flatness.js [--no-reference] [--steps N] [--noise σ] [--fig2-steps N] [--repeats N] [--numpy] [--torch] [--json]
//
// --torch times the paper's own method on each generality snapshot, in the same run on the same parameters and
// data: tools/bench-flatness-torch.py (Debian python3-torch, /usr/bin/python3, one thread) — the dense autograd
// Hessian (torch.autograd.functional.hessian, vectorize=True, float64) + torch.linalg.eig — and compares all its
// eigenvalues with ours.
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
const torch = [];
const rows = benchFlatness({
  reference: !flag('--no-reference'),
  generalitySteps: value('--steps', 100000),
  updateNoise: value('--noise', 0.1),
  fig2Steps: value('--fig2-steps', 300),
  repeats: value('--repeats', 5),
  log: (line) => process.stderr.write(line + '\n'),
  onDenseHessian: flag('--numpy') ? (name, h, P) => numpy.push({ name, ...timeNumpy(h, P) }) : undefined,
  external: flag('--torch') ? timeTorch : undefined,
});

function timeTorch(name, spec, params, data) {
  const base = path.join(os.tmpdir(), `driftlab-flatness-torch-${process.pid}`);
  const json = { ...spec, n: data.n, params: Array.from(params), x: Array.from(data.x), y: Array.from(data.y) };
  fs.writeFileSync(`${base}.json`, JSON.stringify(json));
  const r = spawnSync('/usr/bin/python3', [path.join(__dirname, 'bench-flatness-torch.py'), `${base}.json`, `${base}.f64`], { encoding: 'utf8' });
  fs.unlinkSync(`${base}.json`);
  if (r.status !== 0) {
    process.stderr.write(`torch reference failed on "${name}": ${(r.stderr || '').trim().split('\n').pop()}\n`);
    return null;
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  const buf = fs.readFileSync(`${base}.f64`);
  fs.unlinkSync(`${base}.f64`);
  process.stderr.write(`torch on "${name}": ${JSON.stringify(out)}\n`);
  torch.push({ name, ...out });
  return { seconds: out.seconds, spectrum: new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)) };
}

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
  process.stdout.write(JSON.stringify({ rows, numpy, torch, load, cpus: os.cpus().length }, null, 2) + '\n');
} else {
  const f = (x, d = 2) => (x === undefined ? '—' : x.toFixed(d));
  console.log('| snapshot | P | dead units | loss | dense dim | all metrics s (cpu s) | full spectrum | reference s (cpu s) | speed-up wall (cpu) | max |Δλ|/λmax |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.nParams} | ${r.deadUnits} | ${r.loss.toExponential(2)} | ${r.denseDim} | ${f(r.seconds)} (${f(r.cpuSeconds)}) | ${r.spectrum ? 'yes' : 'no'} | ` +
        `${f(r.referenceSeconds, 1)} (${f(r.referenceCpuSeconds, 1)}) | ${r.referenceSeconds ? `${f(r.referenceSeconds / r.seconds, 0)}× (${f(r.referenceCpuSeconds / r.cpuSeconds, 0)}×)` : '—'} | ${r.maxRelEigDiff === undefined ? '—' : r.maxRelEigDiff.toExponential(1)} |`,
    );
  for (const r of rows)
    if (r.externalSeconds !== undefined)
      console.log(
        `PyTorch (paper's method, same run) on "${r.name}": ${f(r.externalSeconds, 1)} s → speed-up ${f(r.externalSeconds / r.seconds, 0)}×, max |Δλ|/λmax ${r.externalMaxRelEigDiff.toExponential(1)}`,
      );
  console.log(`(${os.cpus().length} CPUs, load average at the end ${load}; structured times: fastest of the repeats)`);
  for (const n of numpy) console.log(`numpy on "${n.name}": ${n.error ?? `eigvalsh ${f(n.numpyEigvalshSeconds)} s, eigvals (general) ${f(n.numpyEigvalsSeconds)} s`}`);
}
