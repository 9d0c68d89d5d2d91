// Minimal NWB files written with h5wasm itself: the groups, datasets and neurodata_type attributes the
// importer reads (not a complete NWB schema). One file per session.
import * as fs from 'fs';
import * as path from 'path';
import { loadH5wasm, type H5Group } from '../io/h5wasm-loader';
import type { SynthExperiment } from './synthetic';

function typed(g: H5Group, type: string): H5Group {
  g.create_attribute('neurodata_type', type);
  g.create_attribute('namespace', 'core');
  return g;
}

/**
 * kind 'ophys': events as a frames × cells RoiResponseSeries (starting_time + rate) and position timestamps;
 * kind 'units': spike times (frame + 0.5)/fps in the units table and position with starting_time + rate.
 */
export async function writeNwbSessions(root: string, e: SynthExperiment, kind: 'ophys' | 'units'): Promise<string[]> {
  const h5 = await loadH5wasm();
  const files: string[] = [];
  for (const s of e.sessions) {
    const mem = `/fixture-${e.mouse}-${s.session}.nwb`;
    const f = new h5.File(mem, 'w');
    f.create_attribute('neurodata_type', 'NWBFile');
    f.create_attribute('nwb_version', '2.7.0');
    f.create_dataset({ name: 'session_start_time', data: `2024-03-${String(s.day).padStart(2, '0')}T09:00:00+00:00` });
    f.create_dataset({ name: 'identifier', data: `${e.mouse}-${s.session}` });
    const general = f.create_group('general');
    const subject = typed(general.create_group('subject'), 'Subject');
    subject.create_dataset({ name: 'subject_id', data: e.mouse });
    const behavior = typed(f.create_group('processing').create_group('behavior'), 'ProcessingModule');
    const position = typed(behavior.create_group('Position'), 'Position');
    const series = typed(position.create_group('linear_position'), 'SpatialSeries');
    const T = s.behavior.length;
    const posData = series.create_dataset({ name: 'data', data: Float64Array.from(s.behavior, (b) => b.pos), shape: [T, 1] });
    posData.create_attribute('unit', 'track lengths');
    if (kind === 'ophys') {
      series.create_dataset({ name: 'timestamps', data: Float64Array.from(s.behavior, (b) => b.frame / s.fps) });
      const ophys = typed((f.get('processing') as H5Group).create_group('ophys'), 'ProcessingModule');
      const fl = typed(ophys.create_group('Fluorescence'), 'Fluorescence');
      const roi = typed(fl.create_group('inferred_events'), 'RoiResponseSeries');
      const data = new Float32Array(s.nFrames * s.nCells);
      for (const v of s.events) data[v.frame * s.nCells + v.cell] = v.amp;
      roi.create_dataset({ name: 'data', data, shape: [s.nFrames, s.nCells] });
      const st = roi.create_dataset({ name: 'starting_time', data: 0 });
      st.create_attribute('rate', s.fps);
    } else {
      // position sampled at the behaviour frames; those are contiguous in the fixture
      const st = series.create_dataset({ name: 'starting_time', data: s.behavior[0].frame / s.fps });
      st.create_attribute('rate', s.fps);
      const units = typed(f.create_group('units'), 'Units');
      const byCell: number[][] = Array.from({ length: s.nCells }, () => []);
      for (const v of s.events) byCell[v.cell].push((v.frame + 0.5) / s.fps);
      const flat = byCell.flat();
      const index: number[] = [];
      byCell.reduce((n, c) => (index.push(n + c.length), n + c.length), 0);
      units.create_dataset({ name: 'spike_times', data: Float64Array.from(flat) });
      units.create_dataset({ name: 'spike_times_index', data: Int32Array.from(index) });
      units.create_dataset({ name: 'id', data: Int32Array.from({ length: s.nCells }, (_, i) => i) });
    }
    f.close();
    const out = path.join(root, `sub-${e.mouse}`, `sub-${e.mouse}_ses-${s.session}.nwb`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, h5.FS.readFile(mem));
    h5.FS.unlink(mem);
    files.push(out);
  }
  return files;
}
