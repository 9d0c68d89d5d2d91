import { signedPositions } from './positions';
import { recordingOf } from './__fixtures__/recordings';

describe('signedPositions', () => {
  it('shifts to min 0 and multiplies by the sign of Δpos, first difference repeated', () => {
    // Δ = [1, 1, 0, −1, −1] → V = [1, 1, 1, 0, −1, −1]; the stationary sample maps to 0 (as the code).
    const rec = recordingOf([[0, 0, 0, 0, 0, 0]], [0, 1, 2, 2, 1, 0]);
    expect(Array.from(signedPositions(rec)).map((v) => v + 0)).toEqual([0, 1, 2, 0, -1, 0]);
  });

  it('uses rec.direction when given', () => {
    const rec = recordingOf([[0, 0, 0, 0, 0, 0]], [10, 11, 12, 12, 11, 10], {
      direction: Int8Array.from([1, 1, 1, -1, -1, -1]),
    });
    expect(Array.from(signedPositions(rec)).map((v) => v + 0)).toEqual([0, 1, 2, -2, -1, 0]);
  });

  it('takes the minimum over included samples and the direction over all samples', () => {
    const rec = recordingOf([[0, 0, 0, 0]], [0, 2, 3, 1], { include: Uint8Array.from([0, 1, 1, 1]) });
    // min over included = 1; V = [2, 2, 1, −2]
    expect(Array.from(signedPositions(rec))).toEqual([-1, 1, 2, -0]);
  });
});
