// Metrics for recorded sessions (running frames, track states, sample-size-controlled SI, place-cell shuffle
// test, between-session correlations); they reuse the shared SI and correlation code.
export * from './running';
export * from './track-states';
export * from './state-maps';
export * from './si-control';
export * from './between-sessions';
