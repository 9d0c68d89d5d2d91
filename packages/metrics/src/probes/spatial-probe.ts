// Metric plugin "spatial": rate maps, Skaggs SI and place units per evaluation (paper §4.2); at the end the
// rate-map and population-vector correlation matrices between snapshots and their lag profiles (§4.3).

import type { Evaluation, MetricProbe, PluginDescriptor, ProbeInput } from '@driftlab/core';
import { correlationVsLag, populationVectorCorrelationMatrix, rateMapCorrelationMatrix, type LagProfile, type MapSnapshot } from '../correlation';
import { rateMaps } from '../rate-maps';
import { meanPlaceSI, placeUnitMask, skaggsSI } from '../spatial-information';
import { hiddenRecording } from './hidden-recording';

export interface SpatialProbeOptions {
  layer: number;
  nBins: number;
  placeThreshold: number;
  /** σ in bins for the maps compared across snapshots (paper 0.06 · 100 = 6). */
  smoothSigmaBins: number;
}

export interface SnapshotCorrelation {
  /** Steps of the snapshots, in evaluation order. */
  times: number[];
  /** times.length² matrix, diagonal 1, NaN where undefined. */
  matrix: number[][];
  vsLag: LagProfile;
}

/**
 * Scalars per evaluation: meanSI (mean SI of place units, NaN when none), placeUnits (count), placeFraction.
 * Arrays at snapshots: rateMaps [units, bins] (unsmoothed) and si [units]. finalize: rateMapCorrelation
 * (Fig. 2E) and pvCorrelation between all snapshots, each with its correlation-vs-lag profile.
 */
export function createSpatialProbe(options: SpatialProbeOptions): MetricProbe {
  const { layer = 0, nBins = 100, placeThreshold = 0.01, smoothSigmaBins = 6 } = options;
  return {
    name: 'spatial',
    evaluate(input: ProbeInput) {
      const rec = hiddenRecording(input, layer);
      const rm = rateMaps(rec, { nBins });
      const si = skaggsSI(rm.maps, rm.occupancy, rm.nUnits, nBins);
      const place = placeUnitMask(si, placeThreshold);
      let placeUnits = 0;
      for (let u = 0; u < place.length; u++) placeUnits += place[u];
      const scalars = { meanSI: meanPlaceSI(si, place), placeUnits, placeFraction: placeUnits / rec.nUnits };
      if (!input.snapshot) return { scalars };
      return {
        scalars,
        arrays: {
          rateMaps: { shape: [rm.nUnits, nBins], data: rm.maps },
          si: { shape: [rm.nUnits], data: si },
        },
      };
    },
    finalize(evaluations: readonly Evaluation[]) {
      const times: number[] = [];
      const snapshots: MapSnapshot[] = [];
      for (const e of evaluations) {
        const maps = e.arrays?.rateMaps;
        const si = e.arrays?.si;
        if (!e.snapshot || !maps || !si) continue;
        times.push(e.step);
        snapshots.push({ maps: maps.data, placeMask: placeUnitMask(si.data, placeThreshold) });
      }
      const opts = { smoothSigma: smoothSigmaBins };
      const rmc = rateMapCorrelationMatrix(snapshots, opts);
      const pvc = populationVectorCorrelationMatrix(snapshots, opts);
      const rateMapCorrelation: SnapshotCorrelation = { times, matrix: rmc, vsLag: correlationVsLag(rmc, times) };
      const pvCorrelation: SnapshotCorrelation = { times: [...times], matrix: pvc, vsLag: correlationVsLag(pvc, times) };
      return { rateMapCorrelation, pvCorrelation };
    },
  };
}

export const spatialMetric: PluginDescriptor<SpatialProbeOptions, MetricProbe> & { kind: 'metric' } = {
  id: '@driftlab/metrics/spatial',
  kind: 'metric',
  aliases: ['spatial'],
  description: 'Rate maps, Skaggs SI and place units per evaluation; rate-map and PV correlations between snapshots.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      layer: { type: 'integer', minimum: 0, default: 0, description: 'Hidden layer index.' },
      nBins: { type: 'integer', minimum: 1, default: 100, description: 'Equal-width position bins (direction-separated when the task is directional).' },
      placeThreshold: { type: 'number', default: 0.01, description: 'Place unit: SI > threshold (bits).' },
      smoothSigmaBins: { type: 'number', minimum: 0, default: 6, description: 'Gaussian σ in bins before correlating maps.' },
    },
  },
  create: (options) => createSpatialProbe(options),
};
