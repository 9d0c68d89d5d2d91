// Loads the WebAssembly SIMD version of the tridiagonalisation's O(n³) pass (wasm/tridiagonal-pass.as, embedded
// as base64 in wasm/tridiagonal-pass-wasm.ts). The module (≈ 900 bytes) is compiled synchronously on first use
// and instantiated over a memory that holds the matrix and work vectors; one of up to 20 MB (n ≤ ≈ 1,600) is kept
// for the next call (calls are synchronous, so it is never used by two at once). Where WebAssembly or SIMD128 is
// missing, wasmWorkspace() gives null and the plain TypeScript pass is used.

import { TRIDIAGONAL_PASS_WASM_BASE64 } from './wasm/tridiagonal-pass-wasm';

// The few WebAssembly JS-API types used here (the workspace compiles without the DOM lib).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** fusedPass(a, n, from, v, w, u, p) with byte offsets into `memory`. */
export type FusedPassKernel = (a: number, n: number, from: number, v: number, w: number, u: number, p: number) => void;

export interface WasmWorkspace {
  memory: WasmMemory;
  fusedPass: FusedPassKernel;
}

let compiled: WasmModule | null | undefined;

function decodeBase64(s: string): Uint8Array {
  const g = globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array }; atob?: (s: string) => string };
  if (g.Buffer) return new Uint8Array(g.Buffer.from(s, 'base64'));
  const bin = (g.atob as (s: string) => string)(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function compiledModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (!WA) return null;
  const bytes = decodeBase64(TRIDIAGONAL_PASS_WASM_BASE64);
  if (!WA.validate(bytes)) return null; // no SIMD128
  compiled = new WA.Module(bytes);
  return compiled;
}

/**
 * Workspaces up to this size are kept for the next call: first touching fresh pages costs as much as a third of
 * the O(n³) pass here (≈ 24 ms for the 7.6 MB of n = 976 on the benchmark VM). Larger ones are freed after use.
 */
const KEEP_BYTES = 20 * 1024 * 1024;
let kept: WasmWorkspace | null = null;

/** An instance with at least `bytes` of memory (contents undefined), or null when the kernel cannot run here. */
export function wasmWorkspace(bytes: number): WasmWorkspace | null {
  if (kept && kept.memory.buffer.byteLength >= bytes) return kept;
  const mod = compiledModule();
  if (!mod || !WA) return null;
  const memory = new WA.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new WA.Instance(mod, { env: { memory } });
  const ws = { memory, fusedPass: instance.exports.fusedPass as FusedPassKernel };
  if (bytes <= KEEP_BYTES) kept = ws;
  return ws;
}

/** Whether the WebAssembly SIMD pass can run here (Node ≥ 16.4 and current browsers: yes). */
export function wasmKernelAvailable(): boolean {
  return compiledModule() !== null;
}
