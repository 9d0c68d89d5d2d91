// @driftlab/runner: runs one configured training run end to end and writes its results.
export * from './canonical';
export * from './plugins';
export * from './presets';
export * from './run';
export * from './run-dir-sink';
export * from './summary';
export * from './versions';
export * from './study';
