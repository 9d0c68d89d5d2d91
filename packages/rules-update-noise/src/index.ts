// @driftlab/rules-update-noise: rule update-noise
export {};
