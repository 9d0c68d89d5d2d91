#!/usr/bin/env node
// What dropout costs a training step, on `drift bench`'s configs (full-batch GD, update noise 0.03, lr 0.1):
// the fused wasm step without dropout, with node dropout and with DropConnect (masks drawn in the kernels), and
// the generic step the loop ran before the kernels drew masks (reference kernels + rules-dropout's TS masks);
// with --ensemble E also E-replica ensembles with and without node dropout (rates per replica-step).
// Interleaved slices, median rates, ratios from the same run. Needs `npm run build` first.
//
//   node tools/bench-dropout.js [--seconds S] [--rate P] [--configs generality,fig2] [--dtype float64|float32] [--ensemble E]
const { RandomStream } = require('@driftlab/core');
const { BENCH_CONFIGS, MlpModelF32, MlpModelF64, WasmMlpEnsemble, WasmMlpModel, benchData, benchParams, benchPlan } = require('@driftlab/engine');
const { dropout } = require('@driftlab/rules-dropout');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const seconds = Number(arg('seconds', 2));
const rate = Number(arg('rate', 0.2));
const dtype = arg('dtype', 'float64');
const configs = arg('configs', 'generality,fig2').split(',');
const ensemble = Number(arg('ensemble', 0));

function cases(c) {
  // `drift bench`'s problem and step (configs.ts): the same data, initial parameters and update ops.
  const data = benchData(c, dtype);
  const P = c.spec.hidden[0] * (c.spec.inputDim + 1) + c.spec.outputDim * c.spec.hidden[0];
  const params = (dtype === 'float64' ? Float64Array : Float32Array).from(benchParams(c, P, 0));
  const { updates } = benchPlan(c, data, 0);
  const noise = updates[0].stream;
  const drops = RandomStream.derive(1000, 'dropout');
  const fused = (name, activation) => {
    const stepper = new WasmMlpModel(c.spec, dtype, params).createFusedStepper({ batch: [], activation, source: { op: 'gradient' }, updates, data });
    return { name, advance: (from, k) => stepper.run(from, k) };
  };
  // The loop's generic step with a dropout rule: masks, masked gradient, noise, scale, add.
  const ref = dtype === 'float64' ? new MlpModelF64(c.spec, params) : new MlpModelF32(c.spec, params);
  const masks = dropout(rate, drops);
  const [u, z] = [ref.newBuffer(), ref.newBuffer()];
  const generic = (from, k) => {
    for (let step = from; step < from + k; step++) {
      ref.lossAndGrad(data, u, masks.masks(ref, data.n, step));
      noise.fillNoise(z, step, c.updateNoise);
      for (let i = 0; i < u.length; i++) ref.params[i] += (u[i] + z[i]) * -c.lr;
    }
  };
  // E replicas (own streams), rates per replica-step: `advance` runs E replica-steps per step.
  const packed = (name, dropoutOn) => {
    const members = Array.from({ length: ensemble }, (_, r) => ({
      params,
      plan: {
        batch: [],
        activation: dropoutOn ? [{ op: 'dropout', rate, dropConnect: false, stream: RandomStream.derive(1000 + r, 'dropout') }] : [],
        source: { op: 'gradient' },
        updates: benchPlan(c, data, r).updates,
        data,
      },
    }));
    const ens = new WasmMlpEnsemble(c.spec, dtype, members);
    return { name, perStep: ensemble, advance: (from, k) => ens.run(from, k) };
  };
  const list = [
    fused('wasm, no dropout', []),
    fused('wasm, node dropout', [{ op: 'dropout', rate, dropConnect: false, stream: drops }]),
    fused('wasm, DropConnect', [{ op: 'dropout', rate, dropConnect: true, stream: drops }]),
    { name: 'generic step (reference + TS masks)', advance: generic },
  ];
  if (ensemble > 0) list.push(packed(`wasm E=${ensemble}, no dropout`, false), packed(`wasm E=${ensemble}, node dropout`, true));
  return list;
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
for (const name of configs) {
  const c = BENCH_CONFIGS[name];
  if (!c) throw new Error(`unknown config "${name}" (known: ${Object.keys(BENCH_CONFIGS).join(', ')})`);
  const all = cases(c).map((k) => ({ ...k, step: 0, chunk: 1, rates: [], spent: 0 }));
  const slice = (k) => {
    const t0 = performance.now();
    let steps = 0;
    while (performance.now() - t0 < (seconds * 1000) / 8) {
      const c0 = performance.now();
      const ran = k.chunk;
      k.advance(k.step, ran);
      k.step += ran;
      steps += ran;
      if (performance.now() - c0 < 10) k.chunk *= 2;
    }
    return { rate: ((k.perStep ?? 1) * steps * 1000) / (performance.now() - t0), ms: performance.now() - t0 };
  };
  for (const k of all) slice(k); // warm-up
  while (all.some((k) => k.spent < seconds * 1000)) {
    for (const k of all) {
      if (k.spent >= seconds * 1000) continue;
      const { rate: r, ms } = slice(k);
      k.rates.push(r);
      k.spent += ms;
    }
  }
  const [plain, , , generic] = all.map((k) => median(k.rates));
  for (const k of all) {
    const r = median(k.rates);
    const unit = k.perStep ? 'replica-steps/s' : 'steps/s';
    console.log(`${name.padEnd(11)} ${dtype} p=${rate} ${k.name.padEnd(36)} ${r.toFixed(0).padStart(7)} ${unit.padEnd(15)} ${(r / plain).toFixed(2)}× no dropout  ${(r / generic).toFixed(1)}× generic`);
  }
}
