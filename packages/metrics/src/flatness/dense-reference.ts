// The reference the structured code is measured against: the dense P × P Hessian (one Hessian-vector product
// per column, like autograd's vectorised Hessian) and a general dense symmetric eigen-solver.

import type { MlpSpec } from '@driftlab/core';
import { symmetricEigenvalues } from '../linalg';
import { MlpHessian, type Data64 } from './mlp-hessian';

/** Dense Hessian (row-major P × P) of the MSE at params, column by column through H·e_p. */
export function denseHessian(spec: MlpSpec, params: Float64Array, data: Data64): Float64Array {
  const op = new MlpHessian(spec, params, data);
  const P = op.nParams;
  const h = new Float64Array(P * P);
  const e = new Float64Array(P);
  const col = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    e[p] = 1;
    op.hvp(e, col);
    e[p] = 0;
    // Symmetrise: the two triangles agree to rounding; average them.
    for (let q = 0; q < P; q++) h[q * P + p] = col[q];
  }
  for (let p = 0; p < P; p++)
    for (let q = p + 1; q < P; q++) {
      const s = 0.5 * (h[p * P + q] + h[q * P + p]);
      h[p * P + q] = s;
      h[q * P + p] = s;
    }
  return h;
}

/** All P eigenvalues of the dense Hessian, descending (the reference path: dense matrix + general solver). */
export function denseHessianSpectrum(spec: MlpSpec, params: Float64Array, data: Data64): Float64Array {
  const op = new MlpHessian(spec, params, data);
  const h = denseHessian(spec, params, data);
  return symmetricEigenvalues(h, op.nParams, true).reverse();
}
