// Plugin descriptors: a package exports these; importing registers nothing. A run composes them by id.

import type { JSONSchemaType } from './json-schema';
import type { Batch, FloatArray, Masks, Model } from './model';
import type { RandomStream } from './rng';
import type { TaskData } from './task';
import type { TrainingHooks } from './hooks';

export type PluginKind = 'task' | 'model' | 'rule' | 'metric';

/** What every plugin's create() receives. */
export interface PluginContext {
  /** The run seed. */
  seed: number;
  /** Replica index inside an ensemble (0 for a single run). */
  replica: number;
  /** The named stream (seed, name, replica). Streams never share numbers. */
  stream(name: string): RandomStream;
  /** Where this plugin sits in the config, e.g. "rules[1]". */
  path: string;
}

export interface PluginDescriptor<O = Record<string, unknown>, T = unknown> {
  /** Globally unique, e.g. "@driftlab/rules-label-noise". Short aliases live in `aliases`. */
  id: string;
  kind: PluginKind;
  /** Short names accepted in configs, e.g. "label-noise". */
  aliases?: string[];
  /** JSON schema (draft 2020-12) of this plugin's options; additionalProperties: false; defaults are filled. */
  optionsSchema: JSONSchemaType;
  description?: string;
  create(options: O, ctx: PluginContext): T;
}

// ---------------------------------------------------------------- tasks and models

export type TaskPlugin<O = any> = PluginDescriptor<O, TaskData> & { kind: 'task' };

export interface ModelFactoryContext extends PluginContext {
  inputDim: number;
  outputDim: number;
  dtype: 'float64' | 'float32';
  /** Backend preference from the config ("reference", "wasm", "tfjs"). */
  engine: string;
  /** The config's noiseThread: fast backends may draw the update noise on a second thread. */
  noiseThread?: boolean;
}
export type ModelPlugin<O = any> = PluginDescriptor<O, Model> & {
  kind: 'model';
  create(options: O, ctx: ModelFactoryContext): Model;
};

// ---------------------------------------------------------------- rules

/** Read-only facts a transform sees at each step. */
export interface StepContext {
  step: number;
  model: Model;
  /** The batch actually trained on this step (after batch transforms). */
  batch: Batch;
  /** Loss returned by the update source this step. */
  loss: number;
}

/**
 * Where an update transform sits: 'gradient' transforms see the raw update from the source
 * (DriftReg adds update noise here), 'optimizer' turns it into a parameter step (lr, momentum, Adam),
 * 'step' transforms see the parameter step (noise "after the learning rate"). Within a stage, config order.
 */
export type UpdateStage = 'gradient' | 'optimizer' | 'step';

/** optax-style transform, in place for speed: modifies `updates`, returns the new state. */
export interface UpdateTransform<S = unknown> {
  name: string;
  stage: UpdateStage;
  init(params: FloatArray): S;
  update(updates: FloatArray, state: S, params: FloatArray, ctx: StepContext): S;
  /** Description of the transform for backends that fuse whole steps (see engine fused steppers). */
  fusable?: FusableOp;
}

/** Batch transforms change what is trained on (minibatch selection, label noise). */
export interface BatchTransform {
  name: string;
  /** Must not modify `batch`; return a new one (buffers may be reused across steps by the transform). */
  apply(batch: Batch, step: number): Batch;
  fusable?: FusableOp;
}

/** Activation transforms give per-step masks (dropout), train phase only. */
export interface ActivationTransform {
  name: string;
  masks(model: Model, n: number, step: number): Masks;
  fusable?: FusableOp;
}

/** Where updates come from. The default source is the gradient of the (batch) loss. */
export interface UpdateSource {
  name: string;
  /** Write the raw update (e.g. the gradient) into `out`; return the training loss at the current params. */
  compute(model: Model, batch: Batch, masks: Masks | undefined, out: FloatArray, step: number): number;
  fusable?: FusableOp;
}

/** A rule plugin contributes any of these parts. */
export interface RuleParts {
  source?: UpdateSource;
  batch?: BatchTransform[];
  activation?: ActivationTransform[];
  updates?: UpdateTransform<any>[];
  hooks?: Partial<TrainingHooks>;
}
export type RulePlugin<O = any> = PluginDescriptor<O, RuleParts> & { kind: 'rule' };

/**
 * Machine-readable form of common parts, so a fast backend can run many steps in one call.
 * A part without `fusable` forces the generic per-step path (always correct, slower).
 */
export type FusableOp =
  | { op: 'gradient' }
  | { op: 'scale'; factor: number }
  | { op: 'momentum'; beta: number; nesterov: boolean }
  | { op: 'gaussian-noise'; std: number; stream: RandomStream }
  | { op: 'label-noise'; distribution: 'uniform' | 'gaussian'; scale: number; stream: RandomStream }
  | { op: 'dropout'; rate: number; dropConnect: boolean; stream: RandomStream }
  | { op: 'minibatch'; batchSize: number; stream: RandomStream };

/**
 * A whole training step described by fusable ops, in execution order, so a backend can run many steps in one
 * call: batch ops (minibatch, label-noise), activation ops (dropout), the source ('gradient'), then update ops
 * sorted by stage (gradient → optimizer → step). The data set is the task's full, clean data.
 */
export interface FusedPlan {
  batch: FusableOp[];
  activation: FusableOp[];
  source: FusableOp;
  updates: FusableOp[];
  data: Batch;
}

/** Runs steps [from, from + count) and returns the training loss of the last one. State lives inside. */
export interface FusedStepper {
  run(from: number, count: number): number;
  /** Serialisable state of the update transforms (momentum buffers …) for checkpoints. */
  state(): unknown;
  restore(state: unknown): void;
  dispose?(): void;
}

/** Models of a fast backend may offer a fused stepper; null means "not supported, use the generic path". */
export interface FusingModel {
  createFusedStepper(plan: FusedPlan): FusedStepper | null;
}
