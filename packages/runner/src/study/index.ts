// Studies: sweep specs, plans with stable run ids, the coordinator, the local thread pool and BullMQ workers.
export * from './spec';
export * from './spec-schema';
export * from './json-pointer';
export * from './expand';
export * from './codec';
export * from './digest';
export * from './task';
export * from './plugin-modules';
export * from './progress';
export * from './executor';
export * from './pool';
export * from './local-executor';
export * from './coordinator';
export * from './bullmq-common';
export * from './bullmq-executor';
export * from './bullmq-worker';
export * from './presets';
