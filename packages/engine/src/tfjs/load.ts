// Loads TensorFlow.js on first use: `@tensorflow/tfjs-node` (native, faster) when the user has it
// installed, else `@tensorflow/tfjs` with its pure-JS cpu backend. tfjs-node is never a dependency of
// this package. Nothing is required at import time, so importing @driftlab/engine registers no tfjs
// backends (no side effects).
//
// Precision: TensorFlow.js computes in float32 only (both backends), so tfjs models are float32.

import type * as TfNamespace from '@tensorflow/tfjs';

export type Tf = typeof TfNamespace;
export type TfjsSource = '@tensorflow/tfjs-node' | '@tensorflow/tfjs';

export interface LoadedTfjs {
  tf: Tf;
  /** The package the module came from. */
  source: TfjsSource;
  /** Why tfjs-node was not used (not installed, failed to load, or not asked for). */
  nodeUnavailable?: string;
}

export interface LoadTfjsOptions {
  /** Module loader (tests inject one to simulate tfjs-node being present or absent). Default: require. */
  require?: (id: string) => unknown;
  /** Try @tensorflow/tfjs-node first (default true). */
  preferNode?: boolean;
  /** Silence tfjs' console hints ("install tfjs-node…") by setting its PROD flag (default true). */
  quiet?: boolean;
}

const NODE_ID: TfjsSource = '@tensorflow/tfjs-node';
const PURE_ID: TfjsSource = '@tensorflow/tfjs';

let cached: LoadedTfjs | null = null;

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node;
}

/**
 * The TensorFlow.js module to use. The default call is cached; a call with an injected `require`
 * or `preferNode: false` is not (and does not change the cache).
 */
export function loadTfjs(options: LoadTfjsOptions = {}): LoadedTfjs {
  const useDefault = options.require === undefined && options.preferNode !== false;
  if (useDefault && cached) return cached;
  // A runtime require on purpose: tfjs-node is optional and must not be resolved at build time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = options.require ?? ((id: string) => require(id) as unknown);
  let loaded: LoadedTfjs | null = null;
  let nodeUnavailable = 'not requested (preferNode: false)';
  if (options.preferNode !== false) {
    try {
      loaded = { tf: req(NODE_ID) as Tf, source: NODE_ID };
    } catch (e) {
      nodeUnavailable = `${NODE_ID} could not be required: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  if (!loaded) {
    const tf = req(PURE_ID) as Tf;
    if (options.quiet !== false) tf.env().set('PROD', true);
    // In Node the pure package can only run on cpu; choose it rather than let tfjs probe webgl first
    // (unless the user already picked a backend).
    const chosen = (tf.engine() as unknown as { backendName?: string | null }).backendName;
    if (isNode() && chosen == null) void tf.setBackend('cpu');
    loaded = { tf, source: PURE_ID, nodeUnavailable };
  }
  if (useDefault) cached = loaded;
  return loaded;
}
