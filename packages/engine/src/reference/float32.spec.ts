// The float32 kernels are generated from the float64 source; they must be current and agree with it
// to float32 precision.

import * as fs from 'fs';
import type { Activation } from '@driftlab/core';
import { MlpModelF32 } from './model-f32';
import { makeProblem, randn, randomMasks, relErr } from './__fixtures__/numeric';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateAll } = require('./generate-f32.js') as { generateAll(): { path: string; text: string }[] };

describe('generated float32 sources', () => {
  it('are what generate-f32.js writes today (rerun it after editing a *-f64.ts file)', () => {
    for (const f of generateAll()) expect(fs.readFileSync(f.path, 'utf8')).toBe(f.text);
  });

  it('use Float32Array only', () => {
    for (const f of generateAll()) {
      expect(f.text).not.toMatch(/Float64Array|F64\b/);
      expect(f.text).toMatch(/Float32Array/);
    }
  });
});

describe.each(['relu', 'tanh', 'linear'] as Activation[])('float32 vs float64 (%s)', (activation) => {
  it.each([[[6]], [[6, 5]]])('forward, loss, gradient and HVP agree to float32 precision (hidden %j, masked)', (hidden) => {
    const { model, batch, spec, rng } = makeProblem(21, activation, hidden, { n: 8, outputBias: true });
    const masks = randomMasks(spec, batch.n, rng, { hidden: true, weight: true });
    // Round the inputs to float32 first so only the arithmetic differs.
    const p32 = Float32Array.from(model.params);
    model.params.set(p32);
    const x = Float64Array.from(Float32Array.from(batch.x));
    const y = Float64Array.from(Float32Array.from(batch.y));
    const b64 = { x, y, n: batch.n };
    const b32 = { x: Float32Array.from(x), y: Float32Array.from(y), n: batch.n };
    const m32 = new MlpModelF32(spec, p32);
    expect(m32.dtype).toBe('float32');
    expect(m32.params).toBeInstanceOf(Float32Array);

    const f64 = model.forward(x, batch.n, masks);
    const f32 = m32.forward(b32.x, batch.n, masks);
    expect(f32.out).toBeInstanceOf(Float32Array);
    expect(relErr(f32.out, f64.out)).toBeLessThan(1e-6);
    f64.hidden.forEach((h, k) => expect(relErr(f32.hidden[k], h)).toBeLessThan(1e-6));

    const g64 = model.newBuffer();
    const g32 = m32.newBuffer();
    const l64 = model.lossAndGrad(b64, g64, masks);
    const l32 = m32.lossAndGrad(b32, g32, masks);
    expect(Math.abs(l32 - l64) / l64).toBeLessThan(1e-6);
    expect(relErr(g32, g64)).toBeLessThan(1e-5);

    const v = Float64Array.from(Float32Array.from(randn(rng, model.nParams)));
    const h64 = model.newBuffer();
    const h32 = m32.newBuffer();
    model.hvp(b64, v, h64, undefined, masks);
    m32.hvp(b32, Float32Array.from(v), h32, undefined, masks);
    expect(relErr(h32, h64)).toBeLessThan(1e-5);
  });
});
