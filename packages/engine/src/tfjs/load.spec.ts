import * as fs from 'fs';
import * as path from 'path';
import { loadTfjs } from './load';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const realRequire = (id: string): unknown => require(id);

describe('loadTfjs', () => {
  it('falls back to @tensorflow/tfjs on cpu when @tensorflow/tfjs-node cannot be required (this machine)', () => {
    const t = loadTfjs();
    expect(t.source).toBe('@tensorflow/tfjs');
    expect(t.nodeUnavailable).toMatch(/tfjs-node could not be required/);
    expect(t.tf.getBackend()).toBe('cpu');
    expect(loadTfjs()).toBe(t); // cached
  });

  it('takes tfjs-node when it can be required, and falls back when requiring it throws', () => {
    const fakeNode = { fake: 'tfjs-node' };
    const asked: string[] = [];
    const withNode = loadTfjs({
      require: (id) => {
        asked.push(id);
        return id === '@tensorflow/tfjs-node' ? fakeNode : realRequire(id);
      },
    });
    expect(withNode.source).toBe('@tensorflow/tfjs-node');
    expect(withNode.tf).toBe(fakeNode);
    expect(asked).toEqual(['@tensorflow/tfjs-node']);

    const broken = loadTfjs({
      require: (id) => {
        if (id === '@tensorflow/tfjs-node') throw new Error('libtensorflow.so: cannot open shared object file');
        return realRequire(id);
      },
    });
    expect(broken.source).toBe('@tensorflow/tfjs');
    expect(broken.nodeUnavailable).toMatch(/libtensorflow/);
    expect(broken.tf.tensor1d([1, 2]).sum().dataSync()[0]).toBe(3);
  });

  it('skips tfjs-node when asked', () => {
    const asked: string[] = [];
    const t = loadTfjs({ preferNode: false, require: (id) => (asked.push(id), realRequire(id)) });
    expect(asked).toEqual(['@tensorflow/tfjs']);
    expect(t.source).toBe('@tensorflow/tfjs');
  });

  it('tfjs-node is not a dependency of the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      expect(Object.keys(pkg[field] ?? {})).not.toContain('@tensorflow/tfjs-node');
    }
  });
});
