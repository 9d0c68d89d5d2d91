// Every package declares (and references for tsc -b) exactly the @driftlab packages its sources import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { scan, problems } = require('./workspace-deps.js');

describe('workspace dependencies', () => {
  it('match the imports of every package', () => {
    const pkgs = scan();
    expect(pkgs.length).toBeGreaterThanOrEqual(10);
    expect(problems(pkgs)).toEqual([]);
  });

  it('are reported when an import is undeclared', () => {
    const fake = [{ name: 'x', imports: new Set(['core']), declared: new Set(), refs: new Set() }];
    expect(problems(fake)).toEqual([
      'packages/x: imports @driftlab/core but package.json does not depend on it',
      'packages/x: imports @driftlab/core but tsconfig.json has no reference to ../core',
    ]);
  });
});
