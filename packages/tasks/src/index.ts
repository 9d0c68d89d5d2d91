// @driftlab/tasks: The paper's tasks: predictive track, predictive ring, random, smoothed and autoencoder mappings.
export {};
