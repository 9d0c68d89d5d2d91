// @driftlab/rules-sgd: rule sgd
export {};
