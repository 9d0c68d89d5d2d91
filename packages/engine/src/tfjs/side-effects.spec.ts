// Importing @driftlab/engine must not load TensorFlow.js (it would register backends globally).

jest.mock('@tensorflow/tfjs', () => {
  throw new Error('@tensorflow/tfjs was required at import time');
});

it('importing the package index loads no tfjs', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require('../index') as Record<string, unknown>;
  expect(typeof engine.TfjsModel).toBe('function');
  expect(typeof engine.loadTfjs).toBe('function');
});
