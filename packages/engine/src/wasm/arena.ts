// A bump allocator over one kernel instance's memory. Buffers live as long as the instance; views are made
// fresh on each use because growing the memory detaches every earlier view.

import type { KernelExports } from './kernels';

const PAGE = 65536;

export class Arena {
  private top: number;

  constructor(readonly k: KernelExports) {
    this.top = align(k.heapBase(), 64);
  }

  /** A zeroed block of `bytes`, 64-byte aligned; grows the memory when needed. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = align(at + Math.max(bytes, 1), 64);
    const have = this.k.memory.buffer.byteLength;
    if (this.top > have) this.k.memory.grow(Math.ceil((this.top - have) / PAGE));
    new Uint8Array(this.k.memory.buffer, at, bytes).fill(0);
    return at;
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, ptr, length);
  }
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, length);
  }
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.k.memory.buffer, ptr, length);
  }
  /** A view of this dtype. */
  floats(dtype: 'float64' | 'float32', ptr: number, length: number): Float64Array | Float32Array {
    return dtype === 'float64' ? this.f64(ptr, length) : this.f32(ptr, length);
  }
}

export function align(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}
