import { rateMaps } from '../rate-maps';
import { recordingOf } from '../__fixtures__/recordings';
import { stateEventTable, stateRateMaps, tableRateMaps } from './state-maps';

describe('stateRateMaps', () => {
  it('is the mean activity per state (hand example)', () => {
    const rec = recordingOf(
      [
        [1, 0, 1, 0, 2],
        [0, 0, 0, 1, 0],
      ],
      [0, 0, 1, 2, 1],
    );
    const m = stateRateMaps(rec, 3);
    expect(Array.from(m.occupancy)).toEqual([2, 2, 1]);
    expect(Array.from(m.maps)).toEqual([0.5, 1.5, 0, 0, 0, 1]);
  });

  it('equals the shared rateMaps when every state is visited (positions = state indices)', () => {
    const units = [
      [0, 1, 2, 0, 1, 0, 3, 1],
      [1, 1, 0, 0, 0, 2, 0, 1],
    ];
    const rec = recordingOf(units, [0, 1, 2, 3, 3, 2, 1, 0]);
    const a = stateRateMaps(rec, 4);
    const b = rateMaps(rec, { nBins: 4, directional: false });
    expect(Array.from(a.maps)).toEqual(Array.from(b.maps));
    expect(Array.from(a.occupancy)).toEqual(Array.from(b.occupancy));
  });

  it('ignores samples that are excluded or have no valid state', () => {
    const rec = recordingOf([[1, 1, 1, 1]], [0, -1, 1, 7], { include: Uint8Array.from([1, 1, 0, 1]) });
    const m = stateRateMaps(rec, 2);
    expect(Array.from(m.occupancy)).toEqual([1, 0]);
  });
});

describe('stateEventTable / tableRateMaps', () => {
  it('reproduces stateRateMaps on all samples and on a subset', () => {
    const units = [
      [0, 1, 2, 0, 1, 0, 3, 1],
      [1, 1, 0, 0, 0, 2, 0, 1],
      [0, 0, 0, 0, 0, 0, 0, 0],
    ];
    const pos = [0, 1, 2, 3, 3, 2, 1, 0];
    const rec = recordingOf(units, pos);
    const table = stateEventTable(rec, 4);
    expect(table.nSamples).toBe(8);
    expect(table.offset[8]).toBe(9); // nonzero entries
    const all = tableRateMaps(table, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(all.maps)).toEqual(Array.from(stateRateMaps(rec, 4).maps));
    const sub = tableRateMaps(table, [1, 2, 6]);
    const rec2 = recordingOf(
      units.map((u) => [u[1], u[2], u[6]]),
      [1, 2, 1],
    );
    expect(Array.from(sub.maps)).toEqual(Array.from(stateRateMaps(rec2, 4).maps));
  });
});
