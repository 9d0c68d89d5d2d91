// @driftlab/rules-dropout: rule dropout
export {};
