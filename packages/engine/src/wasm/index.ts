// The wasm SIMD backend's public API.
export { WasmMlpModel } from './wasm-mlp-model';
export { type EnsembleMember, type EnsembleState, WasmMlpEnsemble, ensembleUnsupportedReason } from './ensemble';
export { type WasmStepperState, createWasmFusedStepper, unfusableReason as wasmUnfusableReason } from './fused-stepper';
export { type WasmBytes, type WasmResponse, defaultWasmPath, loadWasmKernels, loadWasmKernelsSync, wasmKernelsAvailable } from './kernels';
export { wasmSupportsSpec, wasmUnsupportedReason } from './workspace';
