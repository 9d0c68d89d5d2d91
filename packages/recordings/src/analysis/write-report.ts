import type { DatasetAnalysis } from './analyze-dataset';
export async function writeDatasetReport(_a: DatasetAnalysis, _dir: string): Promise<string[]> {
  return [];
}
