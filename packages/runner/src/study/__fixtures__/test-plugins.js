// Test-only rule plugins for study tests: a rule that throws, one that kills its worker once, one that is slow.
// Plain CommonJS so worker threads and child processes load it without TypeScript. None changes any number.
'use strict';
const fs = require('fs');

const passThrough = (name, onStep) => ({
  updates: [{ name, stage: 'gradient', init: () => null, update: (_u, state, _p, ctx) => (onStep(ctx.step), state) }],
});

const throwAt = {
  id: 'test/throw-at',
  kind: 'rule',
  aliases: ['throw-at'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { step: { type: 'integer', minimum: 0, default: 10 }, message: { type: 'string', default: 'boom' } },
  },
  create: (o) => passThrough('throw-at', (step) => {
    if (step === o.step) throw new Error(`${o.message} at step ${step}`);
  }),
};

// At `step`, the first time only (a marker file remembers), and only in runs with this `seed` (−1: any):
// 'exit' ends this worker thread (or process), 'kill' sends SIGKILL to the whole process (after `delayMs`).
const dieAt = {
  id: 'test/die-at',
  kind: 'rule',
  aliases: ['die-at'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['marker'],
    properties: {
      step: { type: 'integer', minimum: 0, default: 10 },
      marker: { type: 'string' },
      mode: { enum: ['exit', 'kill'], default: 'exit' },
      seed: { type: 'integer', minimum: -1, default: -1 },
      delayMs: { type: 'integer', minimum: 0, default: 0, description: 'sleep first (lets the coordinator store what it has)' },
    },
  },
  create: (o, ctx) => passThrough('die-at', (step) => {
    if (step !== o.step || (o.seed >= 0 && ctx.seed !== o.seed)) return;
    try {
      fs.writeFileSync(o.marker, String(process.pid), { flag: 'wx' }); // exclusive: only one run ever dies
    } catch {
      return;
    }
    if (o.delayMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, o.delayMs);
    if (o.mode === 'kill') process.kill(process.pid, 'SIGKILL');
    else process.exit(3);
  }),
};

// Sleeps `ms` every `every` steps (Atomics.wait: no CPU), so a test can catch a run in the middle.
const slow = {
  id: 'test/slow',
  kind: 'rule',
  aliases: ['slow'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { ms: { type: 'number', minimum: 0, default: 1 }, every: { type: 'integer', minimum: 1, default: 10 } },
  },
  create: (o) => {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    return passThrough('slow', (step) => {
      if (step % o.every === 0) Atomics.wait(cell, 0, 0, o.ms);
    });
  },
};

module.exports = { plugins: [throwAt, dieAt, slow] };
