// @driftlab/engine: Model backends: plain-TypeScript reference kernels (the spec), WebAssembly SIMD kernels, and a TensorFlow.js backend.
export {};
