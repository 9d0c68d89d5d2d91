// Small dense linear algebra in float64 for the flatness metrics: symmetric eigenproblems, Lanczos, QR.
export { tridiagonalize } from './householder-tridiagonal';
export { tridiagonalEigen } from './tridiagonal-eigen';
export { symmetricEigenvalues, symmetricEigen, type SymmetricEigen } from './symmetric-eigen';
export { jacobiEigenvalues } from './jacobi';
export { lanczosLargest, DEFAULT_LANCZOS, type LanczosOptions, type LanczosResult, type MatVec } from './lanczos';
export { qrR } from './householder-qr';
