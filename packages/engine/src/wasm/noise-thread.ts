// The noise thread: a worker that draws the Gaussian update noise of the coming steps into a ring in the
// stepper's shared wasm memory, as raw float32 normals z (the stepper scales them: std·f64(z), exactly the
// in-kernel noise), while the stepper computes gradients (assembly/ring.ts), so a single run's
// noise (3,100–18,000 normals a step) overlaps its arithmetic on a second core. With a dropout op it also
// draws the step's masks (assembly/dropout.ts) into the slot, after the normals. Draws are counter-based
// (noise = f(key, step, index)), so who draws them, and how far ahead, cannot change a single bit.
//
// Protocol (i32 fields of the ring block, shared with ring.ts):
//   FLAGS[k]  step whose noise slot k holds; −1 while the writer rewrites it.
//   CONSUMED  next step the stepper needs; the writer fills step t only when t < CONSUMED + K, so it never
//             rewrites a slot the stepper may still read.
//   SLEEPING  1 while the writer blocks on CONSUMED (the stepper then notifies it after each step).
//   EPOCH / REQUEST / ACK  restart at another step (a non-contiguous run() call): the stepper bumps EPOCH and
//             waits for ACK, so no write begun before the restart can land in a slot it is about to read.
//   STOP, FAILED  shutdown; the writer sets FAILED if it throws (its error event cannot reach a busy stepper).

import type { WasmMemory } from './kernels';

export const R_K = 0;
export const R_SLOT = 1;
export const R_DATA = 2;
export const R_FLAGS = 3;
export const R_CONSUMED = 4;
export const R_SLEEPING = 5;
export const R_EPOCH = 6;
export const R_ACK = 7;
// fields 8, 9: the f64 loss of the last step (ring.ts)
export const R_REQUEST = 10;
export const R_STOP = 11;
export const R_FAILED = 12;
export const R_MASKS = 13; // byte offset of the dropout masks within a slot (0: none)
export const RING_FIELDS = 16;

export interface NoiseWorkerData {
  /** The (non-shared) kernels, compiled: the worker draws in its own instance and copies into the ring. */
  module: object;
  memory: WasmMemory;
  ring: number;
  /** Normals per step (the parameter count); slots hold it rounded up to 32. */
  n: number;
  key0: number;
  key1: number;
  /** Dropout masks drawn with the noise (assembly/dropout.ts, in the stepper's dtype), if the plan has dropout. */
  masks?: NoiseWorkerMasks;
}

export interface NoiseWorkerMasks {
  dropConnect: boolean;
  float64: boolean;
  /** Hidden units, batch samples n, their stride ns (node masks), inputs D (DropConnect). */
  H: number;
  n: number;
  ns: number;
  D: number;
  rate: number;
  keep: number;
  key0: number;
  key1: number;
  /** Bytes of one step's masks. */
  bytes: number;
}

/**
 * The worker's body. It runs from its source text (`new Worker(code, { eval: true })`), so it must not refer
 * to anything outside itself. It draws in its own (private) wasm memory and copies each step into the ring in
 * one burst: measured 1.3–1.4× faster per step than drawing straight into the shared slots.
 */
export function noiseWorkerMain(d: NoiseWorkerData): void {
  interface Exports {
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    heapBase(): number;
    fillNoiseZ32(out: number, n: number, k0: number, k1: number, block: number): void;
    writeKeySchedule(ks: number, k0: number, k1: number): void;
    nodeMasks64(ks: number, step: number, H: number, n: number, ns: number, p: number, keep: number, mt: number): void;
    nodeMasks32(ks: number, step: number, H: number, n: number, ns: number, p: number, keep: number, mt: number): void;
    weightMasks64(ks: number, step: number, count: number, p: number, keep: number, mw: number): void;
    weightMasks32(ks: number, step: number, count: number, p: number, keep: number, mw: number): void;
  }
  const WA = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: object } } }).WebAssembly;
  const f = new Int32Array(d.memory.buffer, d.ring, 16);
  try {
    const abort = () => {
      throw new Error('wasm abort in the noise thread');
    };
    const k = new WA.Instance(d.module, { env: { abort } }).exports as Exports;
    const out = Math.ceil(k.heapBase() / 64) * 64;
    const bytes = Math.ceil(d.n / 32) * 128; // fillNoiseZ32 writes whole blocks of 32 float32
    const m = d.masks;
    const ks = out + bytes; // the dropout stream's key schedule (128 bytes), then the masks
    const maskOut = ks + 128;
    const need = maskOut + (m ? m.bytes : 0) - k.memory.buffer.byteLength;
    if (need > 0) k.memory.grow(Math.ceil(need / 65536));
    if (m) k.writeKeySchedule(ks, m.key0, m.key1);
    const src = new Uint8Array(k.memory.buffer, out, bytes);
    const maskSrc = m ? new Uint8Array(k.memory.buffer, maskOut, m.bytes) : null;
    const maskAt = f[13];
    const dst = new Uint8Array(d.memory.buffer);
    const K = f[0];
    const slotBytes = f[1];
    const data = f[2];
    const flags = new Int32Array(d.memory.buffer, f[3], K);
    let epoch = -1;
    let next = 0;
    let idle = 0;
    while (Atomics.load(f, 11) === 0) {
      const e = Atomics.load(f, 6);
      if (e !== epoch) {
        epoch = e;
        next = Atomics.load(f, 10);
        Atomics.store(f, 7, e);
      }
      const consumed = Atomics.load(f, 4);
      if (next >= consumed + K) {
        // Ring full: spin a little (the stepper frees a slot every few µs), then sleep until it consumes.
        if (++idle < 20000) continue;
        Atomics.store(f, 5, 1);
        if (Atomics.load(f, 4) === consumed && Atomics.load(f, 6) === epoch && Atomics.load(f, 11) === 0) Atomics.wait(f, 4, consumed, 50);
        Atomics.store(f, 5, 0);
        continue;
      }
      idle = 0;
      k.fillNoiseZ32(out, d.n, d.key0, d.key1, next);
      if (m) {
        if (m.dropConnect) (m.float64 ? k.weightMasks64 : k.weightMasks32)(ks, next, m.H * m.D, m.rate, m.keep, maskOut);
        else (m.float64 ? k.nodeMasks64 : k.nodeMasks32)(ks, next, m.H, m.n, m.ns, m.rate, m.keep, maskOut);
      }
      const slot = next % K;
      Atomics.store(flags, slot, -1);
      dst.set(src, data + slot * slotBytes);
      if (maskSrc) dst.set(maskSrc, data + slot * slotBytes + maskAt);
      Atomics.store(flags, slot, next);
      next++;
    }
  } catch (err) {
    Atomics.store(f, 12, 1);
    throw err;
  }
}

/** What a stepper needs of its noise thread. */
export interface NoiseThread {
  /** Restarts the writer at `step` (the next step the stepper will ask for) and waits until it has. */
  restart(step: number): void;
  /** Throws if the writer died. */
  check(): void;
  stop(): void;
}

/**
 * Bytes of ring by default: far more than the caches hold. The writer then runs up to that far ahead of the
 * stepper, and a slot reaches the stepper through memory, long after the writer's core wrote it, rather than
 * straight out of the other core's cache: measured 1.15–1.26× faster steps on this machine (generality,
 * float64: 8.0–8.3 µs a step with 25–50 MB of ring against 9.4–10.3 µs with the 8 slots = 100 KB used before;
 * decision 27). Below ~6 MB the gain fades.
 */
export const RING_BYTES = 32 * 1024 * 1024;
export const RING_MIN_SLOTS = 8;
export const RING_MAX_SLOTS = 4096;

/** Slots for a ring of about `ringBytes` whose slots hold `slotBytes` each. */
export function ringSlots(slotBytes: number, ringBytes = RING_BYTES): number {
  if (!(ringBytes > 0) || !Number.isFinite(ringBytes)) {
    throw new Error(`noiseRingBytes must be a positive number of bytes, got ${ringBytes}; leave it out for the default (${RING_BYTES})`);
  }
  return Math.min(RING_MAX_SLOTS, Math.max(RING_MIN_SLOTS, Math.floor(ringBytes / slotBytes)));
}

/**
 * Starts the noise thread over a ring already laid out at `ring` in `memory` (fields, K slots, flags = −1).
 * Node only (worker_threads).
 */
export function startNoiseThread(data: NoiseWorkerData): NoiseThread {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const f = new Int32Array(data.memory.buffer, data.ring, RING_FIELDS);
  const code = `(${noiseWorkerMain.toString()})(require('node:worker_threads').workerData)`;
  const worker = new Worker(code, { eval: true, workerData: data });
  worker.unref();
  let error: Error | null = null;
  worker.on('error', (e) => (error = e));
  const failed = () => {
    if (error || Atomics.load(f, R_FAILED)) throw new Error(`the noise thread failed${error ? `: ${error.message}` : ''}`);
  };
  return {
    restart(step) {
      Atomics.store(f, R_CONSUMED, step);
      Atomics.store(f, R_REQUEST, step);
      const epoch = Atomics.add(f, R_EPOCH, 1) + 1;
      Atomics.notify(f, R_CONSUMED);
      const deadline = Date.now() + 30_000;
      while (Atomics.load(f, R_ACK) !== epoch) {
        failed();
        if (Date.now() > deadline) throw new Error('the noise thread did not answer within 30 s');
      }
    },
    check: failed,
    stop() {
      Atomics.store(f, R_STOP, 1);
      Atomics.notify(f, R_CONSUMED);
      void worker.terminate();
    },
  };
}
