import { type ModelFactoryContext, PluginRegistry, RandomStream, SequentialRandom, resolveConfig } from '@driftlab/core';
import { plugins } from './index';
import { type MlpModelOptions, createMlpModel, mlpModel } from './mlp-plugin';
import { initMlpParams } from './reference/init';
import { MlpModelF32 } from './reference/model-f32';
import { MlpModelF64 } from './reference/model-f64';
import { TfjsModel } from './tfjs/mlp-model';
import { wasmKernelsAvailable } from './wasm/kernels';
import { WasmMlpModel } from './wasm/wasm-mlp-model';

function ctx(over: Partial<ModelFactoryContext> = {}): ModelFactoryContext {
  return {
    seed: 5,
    replica: 0,
    path: 'model',
    stream: (name) => RandomStream.derive(5, name, 0),
    inputDim: 18,
    outputDim: 17,
    dtype: 'float64',
    engine: 'auto',
    ...over,
  };
}

/** The options as core's config resolver (ajv, strict, defaults filled) hands them to create(). */
function defaults(options: Record<string, unknown> = {}): MlpModelOptions {
  const task = { id: 'test-task', kind: 'task' as const, optionsSchema: { type: 'object', additionalProperties: false, properties: {} }, create: () => ({}) };
  const cfg = resolveConfig({ task: { id: 'test-task' }, model: { id: 'mlp', options }, metrics: [] }, new PluginRegistry([task, mlpModel]));
  expect(cfg.model.id).toBe('@driftlab/engine/mlp');
  return cfg.model.options as unknown as MlpModelOptions;
}

describe('mlp model plugin', () => {
  it('is exported as the package plugin with its id and alias', () => {
    expect(plugins).toEqual([mlpModel]);
    expect(mlpModel.id).toBe('@driftlab/engine/mlp');
    expect(mlpModel.kind).toBe('model');
    expect(mlpModel.aliases).toEqual(['mlp']);
  });

  it('has a strict schema whose defaults fill every option', () => {
    expect(defaults()).toEqual({ hidden: [100], activation: 'relu', readoutInit: 'lazy', outputBias: false });
    expect(() => defaults({ width: 3 })).toThrow(/unknown property "width"/);
    expect(() => defaults({ hidden: [] })).toThrow();
    expect(() => defaults({ activation: 'gelu' })).toThrow();
  });

  it("builds the paper's net from the context and initialises it from the 'init' stream", () => {
    const model = mlpModel.create(defaults({ hidden: [500] }), ctx());
    // 'auto' picks the wasm kernels for this net when they are built (src/wasm/backend-selection.spec.ts).
    expect(model).toBeInstanceOf(wasmKernelsAvailable() ? WasmMlpModel : MlpModelF64);
    expect(model.spec).toEqual({ inputDim: 18, hidden: [500], outputDim: 17, activation: 'relu', outputBias: false });
    expect(model.nParams).toBe(18000);
    const expected = new Float64Array(18000);
    initMlpParams(model.spec, expected, SequentialRandom.derive(5, 'init'), 'lazy');
    expect(Array.from(model.params)).toEqual(Array.from(expected));
  });

  it('honours dtype and engine', () => {
    const o = defaults({ hidden: [4], activation: 'tanh' });
    const small = { inputDim: 3, outputDim: 2 };
    const f32 = mlpModel.create(o, ctx({ ...small, dtype: 'float32', engine: 'reference' }));
    expect(f32).toBeInstanceOf(MlpModelF32);
    const tf = mlpModel.create(o, ctx({ ...small, dtype: 'float32', engine: 'tfjs' }));
    expect(tf).toBeInstanceOf(TfjsModel);
    expect(Array.from(tf.params)).toEqual(Array.from(f32.params)); // same draws, same layout
    expect(() => mlpModel.create(o, ctx({ ...small, engine: 'tfjs' }))).toThrow(/float32 only/);
    expect(() => mlpModel.create(o, ctx({ ...small, engine: 'gpu' }))).toThrow(/unknown engine "gpu"/);
  });

  it('createMlpModel copies initial params', () => {
    const spec = { inputDim: 2, hidden: [2], outputDim: 1, activation: 'relu' as const, outputBias: false };
    const init = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const m = createMlpModel(spec, { dtype: 'float64', engine: 'reference', params: init });
    expect(Array.from(m.params)).toEqual(Array.from(init));
    m.params[0] = 9;
    expect(init[0]).toBe(1);
  });
});
