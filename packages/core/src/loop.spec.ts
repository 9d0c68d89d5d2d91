import { composeRules } from './compose';
import { HookRunner, HOOK_ORDER, type HookName, type TrainingHooks } from './hooks';
import { runLoop, unbiasedVariance, type LoopSetup } from './loop';
import type { FusedPlan, FusedStepper, UpdateTransform } from './plugin';
import { RandomStream } from './rng';
import type { MetricProbe } from './run-types';
import { buildSchedule } from './schedule';
import { tinyMlp, tinyTask } from './__fixtures__/tiny-mlp';

const noise = (std: number, seed: number): UpdateTransform<null> => {
  const stream = RandomStream.derive(seed, 'update-noise');
  const buf = new Float64Array(10000);
  return {
    name: 'noise',
    stage: 'gradient',
    init: () => null,
    update(u, s, _p, ctx) {
      const z = buf.subarray(0, u.length);
      stream.fillNormal(z, ctx.step, std);
      for (let i = 0; i < u.length; i++) u[i] += z[i];
      return s;
    },
  };
};
const lr = (f: number): UpdateTransform<null> => ({
  name: 'lr',
  stage: 'optimizer',
  init: () => null,
  update(u, s) {
    for (let i = 0; i < u.length; i++) u[i] *= -f;
    return s;
  },
});

function setup(over: Partial<LoopSetup> = {}, seed = 4, steps = 300): LoopSetup {
  const model = tinyMlp(3, 8, 2, seed);
  const task = tinyTask(6, 3, 2);
  return {
    info: { runId: 'r', seed, steps, config: {}, nParams: model.nParams },
    model,
    task,
    rules: composeRules([{ name: 'gd', parts: { updates: [noise(0.05, seed), lr(0.1)] } }]),
    probes: [],
    hooks: new HookRunner([]),
    schedule: buildSchedule({ steps, evaluations: 10, spacing: 'linear', snapshots: 3, checkpointEvery: null }),
    divergence: { maxLog10Loss: 10, deadUnits: true },
    ...over,
  };
}

describe('runLoop', () => {
  it('learns: the clean loss falls', () => {
    const r = runLoop(setup());
    expect(r.status).toBe('completed');
    expect(r.stepReached).toBe(300);
    const losses = r.evaluations.map((e) => e.scalars.loss);
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
    expect(r.evaluations.map((e) => e.step)).toEqual([0, 33, 67, 100, 133, 150, 167, 200, 233, 267, 300]);
    expect(r.evaluations.filter((e) => e.snapshot).map((e) => e.step)).toEqual([0, 150, 300]);
  });

  it('is bitwise reproducible and unaffected by probes and hooks', () => {
    const a = setup();
    runLoop(a);
    const b = setup();
    const probe: MetricProbe = { name: 'p', evaluate: (i) => ({ scalars: { meanOut: Array.from(i.out).reduce((x, y) => x + y, 0) } }) };
    const seen: number[] = [];
    runLoop({ ...b, probes: [probe], hooks: new HookRunner([{ hooks: { onStepEnd: (s) => seen.push(s) } }]) });
    expect(seen.length).toBe(300);
    expect(Buffer.from(b.model.params.buffer).equals(Buffer.from(a.model.params.buffer))).toBe(true);
    const c = setup({}, 5);
    runLoop(c);
    expect(Buffer.from(c.model.params.buffer).equals(Buffer.from(a.model.params.buffer))).toBe(false);
  });

  it('records normalised loss against the unbiased variance of y', () => {
    const s = setup();
    const r = runLoop(s);
    const v = unbiasedVariance(s.task.y);
    for (const e of r.evaluations) expect(e.scalars.lossNormalised).toBeCloseTo(e.scalars.loss / v, 12);
    expect(unbiasedVariance(new Float64Array([1, 2, 3, 4]))).toBeCloseTo(5 / 3, 14);
  });

  it('stops a diverging run with its step and keeps what it recorded', () => {
    const r = runLoop(setup({ rules: composeRules([{ name: 'gd', parts: { updates: [lr(50)] } }]) }));
    expect(r.status).toBe('diverged');
    expect(r.divergedReason).toMatch(/loss|silent/);
    expect(r.stepReached).toBeLessThan(300);
    expect(r.evaluations.length).toBeGreaterThan(1);
  });

  it('stops as interrupted when asked, and reports a failing plugin as failed', () => {
    let calls = 0;
    const r = runLoop(setup({ shouldStop: () => ++calls > 2 }));
    expect(r.status).toBe('interrupted');
    const bad: MetricProbe = { name: 'bad', evaluate: () => { throw new Error('probe exploded'); } };
    const errors: string[] = [];
    const f = runLoop(setup({ probes: [bad], hooks: new HookRunner([{ hooks: { onError: (e) => errors.push(e.message) } }]) }));
    expect(f.status).toBe('failed');
    expect(f.error).toBe('probe exploded');
    expect(errors).toEqual(['probe exploded']);
  });

  it('uses a fused stepper when the model offers one and no step hooks are registered', () => {
    const s = setup();
    const runs: [number, number][] = [];
    let plan: FusedPlan | undefined;
    const fused = Object.assign(s.model, {
      createFusedStepper(p: FusedPlan): FusedStepper {
        plan = p;
        return { run: (from: number, count: number) => (runs.push([from, count]), 0.1), state: () => null, restore() {} };
      },
    });
    const withFusable = composeRules([
      { name: 'gd', parts: { updates: [{ ...lr(0.1), fusable: { op: 'scale', factor: -0.1 } }] } },
    ]);
    runLoop({ ...s, model: fused, rules: withFusable });
    expect(plan!.updates).toEqual([{ op: 'scale', factor: -0.1 }]);
    expect(runs[0]).toEqual([0, 33]);
    expect(runs.reduce((a, [, c]) => a + c, 0)).toBe(300);
  });

  it('resumes from a checkpoint onto the same trajectory', () => {
    const full = setup();
    runLoop(full);
    let saved: { step: number; params: Float64Array; states: unknown[] } | undefined;
    const first = setup();
    first.schedule = buildSchedule({ steps: 300, evaluations: 10, spacing: 'linear', snapshots: 3, checkpointEvery: 120 });
    runLoop({
      ...first,
      hooks: new HookRunner([{ hooks: { onCheckpoint: (c) => { if (c.step === 120) saved = c.state as typeof saved; } } }]),
    });
    const resumed = setup();
    resumed.model.params.set(saved!.params);
    runLoop({ ...resumed, resume: { step: saved!.step, states: saved!.states } });
    expect(Buffer.from(resumed.model.params.buffer).equals(Buffer.from(full.model.params.buffer))).toBe(true);
  });
});

describe('hook order (golden)', () => {
  it('fires hooks in the documented order', () => {
    const log: string[] = [];
    const rec = (tag: string): Partial<TrainingHooks> =>
      Object.fromEntries(HOOK_ORDER.map((h: HookName) => [h, () => log.push(`${tag}:${h}`)]));
    const s = setup({}, 4, 2);
    s.schedule = buildSchedule({ steps: 2, evaluations: 2, spacing: 'linear', snapshots: 2, checkpointEvery: 1 });
    runLoop({ ...s, hooks: new HookRunner([{ hooks: rec('b') }, { hooks: rec('a'), order: 'pre' }]) });
    const golden = [
      'onRunStart', 'onEvaluate',
      'onStepStart', 'beforeUpdate', 'afterUpdate', 'onStepEnd', 'onCheckpoint',
      'onStepStart', 'beforeUpdate', 'afterUpdate', 'onStepEnd', 'onEvaluate',
      'onRunEnd',
    ].flatMap((h) => [`a:${h}`, `b:${h}`]);
    expect(log).toEqual(golden);
  });
});
