// Loads the WebAssembly SIMD version of the tridiagonalisation's O(n³) pass (wasm/tridiagonal-pass.as, embedded
// as base64 in wasm/tridiagonal-pass-wasm.ts). The module (≈ 900 bytes) is compiled synchronously on first use;
// each tridiagonalisation instantiates it over a fresh memory holding its matrix and work vectors, so nothing
// stays allocated afterwards. Where WebAssembly or SIMD128 is missing, wasmWorkspace() gives null and the plain
// TypeScript pass is used.

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

/** A fresh instance with at least `bytes` of memory, or null when the kernel cannot run here. */
export function wasmWorkspace(bytes: number): WasmWorkspace | null {
  const mod = compiledModule();
  if (!mod || !WA) return null;
  const memory = new WA.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new WA.Instance(mod, { env: { memory } });
  return { memory, fusedPass: instance.exports.fusedPass as FusedPassKernel };
}

/** Whether the WebAssembly SIMD pass can run here (Node ≥ 16.4 and current browsers: yes). */
export function wasmKernelAvailable(): boolean {
  return compiledModule() !== null;
}
