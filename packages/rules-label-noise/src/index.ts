// @driftlab/rules-label-noise: rule label-noise
export {};
