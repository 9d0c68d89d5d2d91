// The step-rate benchmark behind `drift bench`.
export { type BenchResult, type RunBenchOptions, formatResult, runBench } from './run-bench';
export { BENCH_CONFIGS, type BenchConfig, benchData, benchParams, benchPlan, flopsPerStep } from './configs';
export { type TorchOptions } from './torch';
export { type WasmPeak, measureWasmPeak } from './peak';
