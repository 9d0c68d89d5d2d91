// @driftlab/engine: Model backends: plain-TypeScript reference kernels (the spec), WebAssembly SIMD kernels,
// and a TensorFlow.js backend. Importing registers nothing and loads no tfjs (it is required on first use).
import { mlpModel } from './mlp-plugin';

export { countParams, findView, mlpLayout, validateMlpSpec } from './layout';
export { INIT_STREAM, initMlpParams, readoutStd, type ReadoutInit } from './reference/init';
export { MlpModelF64 } from './reference/model-f64';
export { MlpModelF32 } from './reference/model-f32';
export { type MlpPlan, mlpPlan } from './reference/plan';
export { type MasksF64, WorkspaceF64, forwardF64, hvpF64, lossAndGradF64, lossF64 } from './reference/kernels-f64';
export { type MasksF32, WorkspaceF32, forwardF32, hvpF32, lossAndGradF32, lossF32 } from './reference/kernels-f32';
export { type LoadTfjsOptions, type LoadedTfjs, type Tf, type TfjsSource, loadTfjs } from './tfjs/load';
export {
  TfjsCustomModel,
  type TfjsCustomModelOptions,
  type TfjsForwardContext,
  type TfjsForwardFn,
  type TfjsParamSpec,
} from './tfjs/custom-model';
export { TfjsModel, type TfjsModelOptions, mlpForwardTf } from './tfjs/mlp-model';
export { hvpSafeTanh, tfActivation } from './tfjs/ops';
export {
  type CreateMlpModelOptions,
  MLP_MODEL_ID,
  type MlpModelOptions,
  createMlpModel,
  mlpModel,
  mlpModelOptionsSchema,
} from './mlp-plugin';

export * from './wasm';
export * from './bench';
export { engineBackends, engineModule } from './services';

export const plugins = [mlpModel];
