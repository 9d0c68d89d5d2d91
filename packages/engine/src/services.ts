// The engine's services for the DI container: which model backends this process can run.
import { ContainerModule, TYPES, type Backends } from '@driftlab/core';
import { wasmKernelsAvailable } from './wasm/kernels';

export const engineBackends: Backends = {
  available: () => ['reference', ...(wasmKernelsAvailable() ? ['wasm'] : []), 'tfjs'],
  resolve: (preference) => (preference === 'auto' ? (wasmKernelsAvailable() ? 'wasm' : 'reference') : preference),
};

/** Binds TYPES.Backends. */
export const engineModule = new ContainerModule((o) => {
  o.bind<Backends>(TYPES.Backends).toConstantValue(engineBackends);
});
