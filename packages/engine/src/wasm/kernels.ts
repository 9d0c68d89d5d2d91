// Loading the wasm SIMD kernels (packages/engine/build/kernels.wasm, compiled from assembly/ by
// `npm run build:wasm`). The module is compiled once per process; each model instantiates it for its own
// memory. Node loads it synchronously on first use; a browser must call loadWasmKernels(url or bytes) first.

// The few WebAssembly JS-API types used here (the workspace compiles without the DOM lib).
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: WasmBytes) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  compile(bytes: WasmBytes): Promise<WasmModule>;
}
/** Module bytes. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;
/** Something with the body of a fetch Response. */
export interface WasmResponse {
  arrayBuffer(): Promise<ArrayBuffer>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The raw exports (pointers are byte offsets into `memory`). */
export interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  writeKeySchedule(ks: number, k0: number, k1: number): void;
  fillNormal64(out: number, n: number, k0: number, k1: number, block: number, std: number, mean: number): void;
  fillNormal32(out: number, n: number, k0: number, k1: number, block: number, std: number, mean: number): void;
  /** Fast per-step noise: exactly RandomStream.fillNoise (core rng.ts). */
  fillNoise64(out: number, n: number, k0: number, k1: number, block: number, std: number): void;
  /** Raw float32 step normals z for n rounded up to 32 (std·f64(z) = fillNoise64's values). */
  fillNoiseZ32(out: number, n: number, k0: number, k1: number, block: number): void;
  fillUniform64(out: number, n: number, k0: number, k1: number, block: number, lo: number, hi: number): void;
  prepareInputs64(ctx: number): void;
  prepareInputs32(ctx: number): void;
  forward64(ctx: number, theta: number): void;
  forward32(ctx: number, theta: number): void;
  /** masks: 0, or a dropout masks block (assembly/dropout.ts; Workspace.masks()). */
  lossGrad64(ctx: number, theta: number, y: number, masks: number): number;
  lossGrad32(ctx: number, theta: number, y: number, masks: number): number;
  loss64(ctx: number, theta: number, y: number): number;
  loss32(ctx: number, theta: number, y: number): number;
  transpose64(src: number, rows: number, cols: number, lds: number, dst: number, ldd: number): void;
  transpose32(src: number, rows: number, cols: number, lds: number, dst: number, ldd: number): void;
  /** rules-dropout's node masks of `step`, transposed (H × ns; samples n … ns − 1 zero). */
  nodeMasks64(ks: number, step: number, H: number, n: number, ns: number, p: number, keep: number, mt: number): void;
  nodeMasks32(ks: number, step: number, H: number, n: number, ns: number, p: number, keep: number, mt: number): void;
  /** rules-dropout's DropConnect mask of `step` (count entries, written in whole groups of 16). */
  weightMasks64(ks: number, step: number, count: number, p: number, keep: number, mw: number): void;
  weightMasks32(ks: number, step: number, count: number, p: number, keep: number, mw: number): void;
  fusedRun64(ctx: number, plan: number, from: number, count: number): number;
  fusedRun32(ctx: number, plan: number, from: number, count: number): number;
  ensembleRun64(ctx: number, from: number, count: number): void;
  ensembleRun32(ctx: number, from: number, count: number): void;
  writeLaneKeySchedule(ks: number, keys: number): void;
}

/** kernels-shared.wasm: the same kernels on a shared memory, plus the fused steps fed by a noise thread. */
export interface SharedKernelExports extends KernelExports {
  fusedRunRing64(ctx: number, plan: number, ring: number, from: number, count: number): number;
  fusedRunRing32(ctx: number, plan: number, ring: number, from: number, count: number): number;
}

/** The kernels of one dtype, picked once (each is a separate monomorphic wasm function). */
export interface DtypeKernels {
  prepare(ctx: number): void;
  forward(ctx: number, theta: number): void;
  lossGrad(ctx: number, theta: number, y: number, masks: number): number;
  loss(ctx: number, theta: number, y: number): number;
  transpose(src: number, rows: number, cols: number, lds: number, dst: number, ldd: number): void;
  fusedRun(ctx: number, plan: number, from: number, count: number): number;
}

export function dtypeKernels(k: KernelExports, dtype: 'float64' | 'float32'): DtypeKernels {
  return dtype === 'float64'
    ? { prepare: k.prepareInputs64, forward: k.forward64, lossGrad: k.lossGrad64, loss: k.loss64, transpose: k.transpose64, fusedRun: k.fusedRun64 }
    : { prepare: k.prepareInputs32, forward: k.forward32, lossGrad: k.lossGrad32, loss: k.loss32, transpose: k.transpose32, fusedRun: k.fusedRun32 };
}

let compiled: WasmModule | null = null;
let loadError: string | null = null;

const IMPORTS = {
  env: {
    abort(_msg: number, _file: number, line: number, col: number): never {
      throw new Error(`wasm kernels aborted at ${line}:${col}`);
    },
  },
};

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node;
}

/** Where Node finds the built module: <package>/build/kernels.wasm (from src/wasm or dist/wasm). */
export function defaultWasmPath(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('node:path') as typeof import('node:path');
  return path.join(__dirname, '..', '..', 'build', 'kernels.wasm');
}

/** Compiles the kernels from bytes (synchronous; fine in Node and in workers). */
export function loadWasmKernelsSync(bytes?: WasmBytes): void {
  if (bytes === undefined) {
    if (!isNode()) throw new Error('wasm kernels: pass the module bytes, or call loadWasmKernels(url) in a browser');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    bytes = fs.readFileSync(defaultWasmPath());
  }
  compiled = new WA.Module(bytes);
  loadError = null;
}

/** Compiles the kernels from bytes, a fetch Response, or a URL (fetched). Call once before creating wasm models in a browser. */
export async function loadWasmKernels(source?: WasmBytes | WasmResponse | URL | string): Promise<void> {
  if (source === undefined) return loadWasmKernelsSync();
  if (typeof source === 'string' || source instanceof URL) {
    if (isNode() && !/^https?:/.test(String(source))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fs = require('node:fs') as typeof import('node:fs');
      return loadWasmKernelsSync(fs.readFileSync(source instanceof URL ? source : String(source)));
    }
    const fetchFn = (globalThis as unknown as { fetch: (u: string) => Promise<WasmResponse> }).fetch;
    source = await fetchFn(String(source));
  }
  const bytes = 'arrayBuffer' in source && typeof source.arrayBuffer === 'function' ? await source.arrayBuffer() : (source as WasmBytes);
  compiled = await WA.compile(bytes);
  loadError = null;
}

/** True when the kernels are compiled or can be loaded now (in Node: the built file exists and compiles). */
export function wasmKernelsAvailable(): boolean {
  if (compiled) return true;
  if (loadError !== null || !isNode()) return false;
  try {
    loadWasmKernelsSync();
    return true;
  } catch (e) {
    loadError = (e as Error).message;
    return false;
  }
}

/** The compiled kernels (e.g. to hand to a worker thread); throws with the reason when they cannot be loaded. */
export function compiledKernels(): WasmModule {
  if (!wasmKernelsAvailable()) {
    throw new Error(
      `wasm kernels are not loaded (${loadError ?? 'not in Node: call loadWasmKernels(url) first'}); ` +
        'build them with `npm run build:wasm -w @driftlab/engine`',
    );
  }
  return compiled!;
}

/** A fresh instance (own memory) of the kernels; throws with the reason when they cannot be loaded. */
export function instantiateKernels(): KernelExports {
  return new WA.Instance(compiledKernels(), IMPORTS).exports as unknown as KernelExports;
}

// Shared-memory build (Node only here: browsers need cross-origin isolation for shared memory).
const SHARED_MAX_PAGES = 16384; // 1 GiB of address space reserved, committed only as it is used
let compiledShared: WasmModule | null = null;

/** kernels-shared.wasm compiled (Node: build/kernels-shared.wasm). */
function sharedKernelsModule(): WasmModule {
  if (!compiledShared) {
    if (!isNode()) throw new Error('the noise thread needs Node (worker_threads and shared WebAssembly memory)');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    const file = defaultWasmPath().replace(/kernels\.wasm$/, 'kernels-shared.wasm');
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; build it with \`npm run build:wasm -w @driftlab/engine\``);
    compiledShared = new WA.Module(fs.readFileSync(file));
  }
  return compiledShared;
}

/** A fresh instance of kernels-shared.wasm on its own shared memory. */
export function instantiateSharedKernels(): SharedKernelExports {
  const module = sharedKernelsModule();
  const memory = new WA.Memory({ initial: 2, maximum: SHARED_MAX_PAGES, shared: true });
  return new WA.Instance(module, { env: { ...IMPORTS.env, memory } }).exports as unknown as SharedKernelExports;
}
