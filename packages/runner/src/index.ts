// @driftlab/runner: Runs one configured training run end to end and writes its results.
export {};
