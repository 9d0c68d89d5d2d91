import type { MlpSpec } from '@driftlab/core';
import { createMlpModel } from '../mlp-plugin';
import { MlpModelF32 } from '../reference/model-f32';
import { MlpModelF64 } from '../reference/model-f64';
import { ensureKernelsBuilt } from './__fixtures__/build-kernels';
import { wasmKernelsAvailable } from './kernels';
import { WasmMlpModel } from './wasm-mlp-model';

beforeAll(ensureKernelsBuilt);

const relu: MlpSpec = { inputDim: 3, hidden: [4], outputDim: 2, activation: 'relu', outputBias: false };

describe('createMlpModel with the wasm backend', () => {
  it("'wasm' builds a WasmMlpModel in either dtype, copying initial params", () => {
    const init = new Float64Array(3 * 4 + 4 + 2 * 4).map((_, i) => i / 10);
    const m = createMlpModel(relu, { dtype: 'float32', engine: 'wasm', params: init });
    expect(m).toBeInstanceOf(WasmMlpModel);
    expect(m.params).toBeInstanceOf(Float32Array);
    expect(Array.from(m.params)).toEqual(Array.from(Float32Array.from(init)));
  });

  it("'auto' prefers wasm where the kernels run the spec, the reference backend elsewhere", () => {
    expect(wasmKernelsAvailable()).toBe(true);
    expect(createMlpModel(relu, { dtype: 'float64', engine: 'auto' })).toBeInstanceOf(WasmMlpModel);
    expect(createMlpModel({ ...relu, activation: 'tanh' }, { dtype: 'float64', engine: 'auto' })).toBeInstanceOf(MlpModelF64);
    expect(createMlpModel({ ...relu, hidden: [4, 4] }, { dtype: 'float32', engine: 'auto' })).toBeInstanceOf(MlpModelF32);
  });

  it("'wasm' refuses nets the kernels do not run, naming why", () => {
    expect(() => createMlpModel({ ...relu, activation: 'tanh' }, { dtype: 'float64', engine: 'wasm' })).toThrow(/ReLU only.*reference/);
  });
});
