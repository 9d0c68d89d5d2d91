// @driftlab/core: the training loop, its hooks, plugin registry, config validation, DI services and RNG.
export * from './model';
export * from './task';
export * from './rng';
export * from './plugin';
export * from './hooks';
export * from './run-types';
export * from './json-schema';
export * from './registry';
export * from './config';
export { ENVELOPE_SCHEMA } from './config-schema';
export * from './compose';
export * from './schedule';
export * from './loop';
export * from './services';
