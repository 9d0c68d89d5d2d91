// The "mlp" model plugin and the one place that picks a backend for an MlpSpec.

import {
  type Activation,
  type DType,
  type FloatArray,
  type JSONSchemaType,
  type MlpSpec,
  type Model,
  type ModelFactoryContext,
  type ModelPlugin,
  SequentialRandom,
} from '@driftlab/core';
import { INIT_STREAM, type ReadoutInit, initMlpParams } from './reference/init';
import { MlpModelF32 } from './reference/model-f32';
import { MlpModelF64 } from './reference/model-f64';
import { TfjsModel } from './tfjs/mlp-model';
import { wasmKernelsAvailable } from './wasm/kernels';
import { WasmMlpModel } from './wasm/wasm-mlp-model';
import { wasmSupportsSpec } from './wasm/workspace';

export const MLP_MODEL_ID = '@driftlab/engine/mlp';

export interface CreateMlpModelOptions {
  dtype: DType;
  /** 'reference' | 'wasm' | 'tfjs' | 'auto' ('auto': wasm where it runs the spec and its kernels load, else reference). */
  engine: string;
  /** Initial parameters (copied); zeros when omitted. */
  params?: FloatArray;
  /** wasm: fused steppers draw the Gaussian update noise on a second thread where the plan allows. */
  noiseThread?: boolean;
}

/** Backend selection for an MlpSpec. tfjs computes in float32 only, so it refuses dtype float64. */
export function createMlpModel(spec: MlpSpec, { dtype, engine, params, noiseThread }: CreateMlpModelOptions): Model {
  switch (engine) {
    case 'auto':
      if (wasmSupportsSpec(spec) && wasmKernelsAvailable()) return new WasmMlpModel(spec, dtype, params, { noiseThread });
      return dtype === 'float32' ? new MlpModelF32(spec, params) : new MlpModelF64(spec, params);
    case 'reference':
      return dtype === 'float32' ? new MlpModelF32(spec, params) : new MlpModelF64(spec, params);
    case 'wasm':
      return new WasmMlpModel(spec, dtype, params, { noiseThread });
    case 'tfjs':
      if (dtype !== 'float32') throw new Error(`engine "tfjs" computes in float32 only; set dtype to "float32" (got "${dtype}")`);
      return new TfjsModel(spec, { params });
    default:
      throw new Error(`${MLP_MODEL_ID}: unknown engine "${engine}" (known: auto, reference, wasm, tfjs)`);
  }
}

export interface MlpModelOptions {
  /** Units per hidden layer. */
  hidden: number[];
  activation: Activation;
  /** Readout init: 'lazy' std 2/nHid (DriftReg's "lazy", the SMALLER one), 'rich'/'he' std sqrt(2/nHid). */
  readoutInit: ReadoutInit;
  outputBias: boolean;
}

export const mlpModelOptionsSchema: JSONSchemaType = {
  type: 'object',
  additionalProperties: false,
  properties: {
    hidden: {
      type: 'array',
      items: { type: 'integer', minimum: 1 },
      minItems: 1,
      default: [100],
      description: 'Units per hidden layer (paper: [500] for Fig. 2, [100] elsewhere).',
    },
    activation: { enum: ['relu', 'tanh', 'linear'], default: 'relu', description: 'Hidden-layer nonlinearity.' },
    readoutInit: {
      enum: ['rich', 'lazy', 'he'],
      default: 'lazy',
      description: "Readout std: 'lazy' 2/nHid (DriftReg's definition, the smaller init), 'rich' and 'he' sqrt(2/nHid).",
    },
    outputBias: { type: 'boolean', default: false, description: 'Bias on the readout (the paper net has none).' },
  },
};

export const mlpModel: ModelPlugin<MlpModelOptions> = {
  id: MLP_MODEL_ID,
  kind: 'model',
  aliases: ['mlp'],
  description: "Fully connected network (DriftReg's Net for one hidden layer): He-initialised hidden layers, MSE loss.",
  optionsSchema: mlpModelOptionsSchema,
  create(options: MlpModelOptions, ctx: ModelFactoryContext): Model {
    const spec: MlpSpec = {
      inputDim: ctx.inputDim,
      hidden: options.hidden.slice(),
      outputDim: ctx.outputDim,
      activation: options.activation,
      outputBias: options.outputBias,
    };
    const model = createMlpModel(spec, { dtype: ctx.dtype, engine: ctx.engine, noiseThread: ctx.noiseThread });
    initMlpParams(spec, model.params, new SequentialRandom(ctx.stream(INIT_STREAM)), options.readoutInit);
    return model;
  },
};
