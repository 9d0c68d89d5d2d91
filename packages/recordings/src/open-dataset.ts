// Format detection and a single entry point for every importer.
import * as fs from 'fs';
import { fail } from './io/errors';
import { looksLikeZivMultipleMaps, openZivMultipleMaps } from './importers/ziv-multiple-maps';
import { looksLikeZivFamiliar, openZivFamiliar } from './importers/ziv-familiar';
import { looksLikeGenericCsv, openGenericCsv } from './importers/generic-csv';
import { looksLikeNwb, openNwb } from './importers/nwb';
import type { DatasetFormat, DatasetHandle } from './types';

/** 'ziv' covers both Ziv-lab layouts (multiple-maps and familiar CA1/CA3); 'auto' detects. */
export type OpenFormat = 'ziv' | 'csv' | 'nwb' | 'auto';

/** The format found in dir, or undefined. Order: generic CSV (sessions.csv), Ziv layouts, NWB files. */
export function detectFormat(dir: string): DatasetFormat | undefined {
  if (looksLikeGenericCsv(dir)) return 'csv';
  if (looksLikeZivMultipleMaps(dir)) return 'ziv';
  if (looksLikeZivFamiliar(dir)) return 'ziv-familiar';
  if (looksLikeNwb(dir)) return 'nwb';
  return undefined;
}

export async function openDataset(dir: string, format: OpenFormat | DatasetFormat = 'auto'): Promise<DatasetHandle> {
  if (!fs.existsSync(dir)) fail({ file: dir }, 'dataset folder not found');
  let f: DatasetFormat | undefined;
  if (format === 'auto') f = detectFormat(dir);
  else if (format === 'ziv') f = looksLikeZivMultipleMaps(dir) ? 'ziv' : looksLikeZivFamiliar(dir) ? 'ziv-familiar' : undefined;
  else f = format;
  if (!f) fail({ file: dir }, format === 'auto' ? 'cannot tell the format (no sessions.csv, Ziv-lab layout or .nwb files)' : `does not look like the ${format} layout`);
  switch (f) {
    case 'ziv':
      return openZivMultipleMaps(dir);
    case 'ziv-familiar':
      return openZivFamiliar(dir);
    case 'csv':
      return openGenericCsv(dir);
    case 'nwb':
      return openNwb(dir);
  }
}
