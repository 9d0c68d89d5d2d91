// @driftlab/cli: The drift command line.
export {};
