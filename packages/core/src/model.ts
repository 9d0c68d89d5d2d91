// The Model contract every backend implements (reference TS, wasm, tfjs). Rules and metrics see
// flat parameter buffers, never tensors, so one rule works on every backend.

export type DType = 'float64' | 'float32';
export type FloatArray = Float64Array | Float32Array;
export type Activation = 'relu' | 'tanh' | 'linear';

/** One named slice of the contiguous parameter buffer. Shapes are row-major. */
export interface ParamView {
  name: string;
  offset: number;
  length: number;
  shape: number[];
}

/** Multi-layer perceptron: hidden_k = act(h_{k-1}·W_kᵀ + b_k); out = h_L·Vᵀ (+ c if outputBias). */
export interface MlpSpec {
  inputDim: number;
  hidden: number[];
  outputDim: number;
  activation: Activation;
  outputBias: boolean;
}

/**
 * Per-step masks at named sites (dropout). Index k is hidden layer k; values multiply elementwise
 * (inverted scaling already folded in). hiddenMasks[k] is samples × units (row-major, one row per sample);
 * weightMasks[k] has the shape of that layer's weight matrix (DropConnect; k = hidden.length is the readout).
 */
export interface Masks {
  hiddenMasks?: (FloatArray | null)[];
  weightMasks?: (FloatArray | null)[];
}

/** A batch: x is n × inputDim, y is n × outputDim, both row-major. */
export interface Batch {
  x: FloatArray;
  y: FloatArray;
  n: number;
}

export interface ForwardResult {
  /** n × outputDim */
  out: FloatArray;
  /** hidden[k] is n × hidden[k] (post-activation, after masks). */
  hidden: FloatArray[];
}

export interface Model {
  readonly spec: MlpSpec;
  readonly dtype: DType;
  /** Which implementation runs the math ('reference', 'wasm', 'tfjs', …); recorded with each run. */
  readonly backend?: string;
  /** The one contiguous parameter buffer (live; rules update it in place). */
  readonly params: FloatArray;
  readonly views: readonly ParamView[];
  readonly nParams: number;
  /** A view by name (W1, b1, …, V). */
  view(name: string): FloatArray;
  forward(x: FloatArray, n: number, masks?: Masks, params?: FloatArray): ForwardResult;
  /** MSE (mean over n × outputDim entries). */
  loss(batch: Batch, params?: FloatArray, masks?: Masks): number;
  /** Writes ∂loss/∂θ into grad (length nParams); returns the loss. */
  lossAndGrad(batch: Batch, grad: FloatArray, masks?: Masks, params?: FloatArray): number;
  /** Writes H·v into out, H the Hessian of loss(batch) at params. */
  hvp(batch: Batch, v: FloatArray, out: FloatArray, params?: FloatArray): void;
  /** A buffer of this model's dtype and parameter length. */
  newBuffer(): FloatArray;
  clone(): Model;
}
