// Heavy optional modules, loaded on first use: importing @driftlab/runner (as every `drift run` does) loads
// neither the queue client nor the thread pool.
type BullMQ = typeof import('bullmq');
type PiscinaModule = typeof import('piscina');

let bullmq: BullMQ | null = null;
let piscina: PiscinaModule | null = null;

export function loadBullmq(): BullMQ {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (bullmq ??= require('bullmq') as BullMQ);
}

export function loadPiscina(): PiscinaModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (piscina ??= require('piscina') as PiscinaModule);
}
