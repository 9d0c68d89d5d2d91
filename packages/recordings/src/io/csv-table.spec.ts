import { parseCsvTable } from './csv-table';
import { DataFormatError } from './errors';

const cols = [
  { name: 'frame', type: 'int' as const, min: 0 },
  { name: 'x', type: 'float' as const },
  { name: 'name', type: 'string' as const, optional: true },
];

describe('parseCsvTable', () => {
  it('reads ints, floats (exactly like Number) and strings, with CRLF, BOM and column reordering', () => {
    const t = parseCsvTable('f.csv', '\ufeffx,frame,name\r\n0.1,3,a\r\n-1.25e-3,4,"b"\r\n12345.678901234567,5,c\r\n', cols);
    expect(t.nRows).toBe(3);
    expect(Array.from(t.int.frame)).toEqual([3, 4, 5]);
    expect(Array.from(t.float.x)).toEqual([0.1, -1.25e-3, 12345.678901234567]);
    expect(t.string.name).toEqual(['a', 'b', 'c']);
  });

  it('parses decimals bit-identically to Number()', () => {
    const values = ['0.008031', '0.05513', '-0.54', '1.35', '0.9384', '34.12', '-31.07', '7', '0.0000001', '123456789012345', '0.30000000000000004'];
    const t = parseCsvTable('f.csv', `x\n${values.join('\n')}\n`, [{ name: 'x', type: 'float' }]);
    expect(Array.from(t.float.x)).toEqual(values.map(Number));
  });

  it('skips unknown columns and allows optional ones to be absent', () => {
    const t = parseCsvTable('f.csv', 'frame,extra,x\n1,zzz,2\n', cols);
    expect(t.has('name')).toBe(false);
    expect(t.float.x[0]).toBe(2);
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /f\.csv: file is empty/],
    ['no final newline', 'frame,x\n1,2', /f\.csv:2: file does not end with a newline/],
    ['missing column', 'frame,y\n1,2\n', /f\.csv:1 \[x\]: missing column "x"/],
    ['duplicate column', 'frame,x,x\n1,2,3\n', /f\.csv:1 \[x\]: duplicate column name/],
    ['ragged (short)', 'frame,x\n1\n', /f\.csv:2: ragged row: expected 2 fields, found 1/],
    ['ragged (long)', 'frame,x\n1,2\n3,4,5\n', /f\.csv:3: ragged row: expected 2 fields, found 3/],
    ['blank line', 'frame,x\n1,2\n\n3,4\n', /f\.csv:3: empty line inside the table/],
    ['empty field', 'frame,x\n1,\n', /f\.csv:2 \[x\]: expected a number, found ""/],
    ['NaN', 'frame,x\n1,NaN\n', /f\.csv:2 \[x\]: expected a number, found "NaN"/],
    ['Infinity', 'frame,x\n1,1e999\n', /f\.csv:2 \[x\]: expected a number, found "1e999"/],
    ['non-integer', 'frame,x\n1.5,2\n', /f\.csv:2 \[frame\]: expected an integer, found "1.5"/],
    ['below min', 'frame,x\n-1,2\n', /f\.csv:2 \[frame\]: value -1 is below the minimum 0/],
    ['garbage', 'frame,x\n1,2\x00\n', /f\.csv:2 \[x\]: expected a number/],
  ];
  it.each(bad)('%s → DataFormatError', (_name, text, pattern) => {
    let err: unknown;
    try {
      parseCsvTable('f.csv', text, cols);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toMatch(pattern);
  });
});
