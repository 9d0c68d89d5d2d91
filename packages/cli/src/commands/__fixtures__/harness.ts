// Test helpers for the study commands: an in-memory CliIO, `drift` child processes from sources, a private
// redis-server, and waiting for lines.
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { CliIO } from '../../io';
import { main } from '../../main';

export const DRIFT_DEV = path.join(__dirname, 'drift-dev.js');
export const TEST_PLUGINS = path.resolve(__dirname, '..', '..', '..', '..', 'runner', 'src', 'study', '__fixtures__', 'test-plugins.js');

export const tmpDir = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `driftlab-${tag}-`));

export interface Captured {
  code: number;
  out: string[];
  err: string[];
}

/** Run `drift …` in this process with captured output (live in `out`/`err`); `interrupt` fires the Ctrl-C handlers. */
export function drift(args: string[]): Promise<Captured> & { interrupt(): void; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Set<() => void>();
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
    onInterrupt(fn) {
      handlers.add(fn);
      return () => handlers.delete(fn);
    },
  };
  const p = main(args, io).then((code) => ({ code, out, err })) as Promise<Captured> & { interrupt(): void; out: string[]; err: string[] };
  p.interrupt = () => handlers.forEach((h) => h());
  p.out = out;
  p.err = err;
  return p;
}

/** A `drift …` child process from the sources; collects its output lines. */
export class DriftProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  private waiters: { re: RegExp; count: number; resolve: () => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [DRIFT_DEV, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [this.child.stdout!, this.child.stderr!]) {
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString();
        const parts = buf.split('\n');
        buf = parts.pop()!;
        for (const l of parts) this.lines.push(l);
        this.check();
      });
    }
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.lines.filter((l) => w.re.test(l)).length >= w.count) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves when `count` lines match `re` (rejects after `ms`, showing the output so far). */
  waitFor(re: RegExp, count = 1, ms = 40000): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${count}× ${re}; output:\n${this.lines.join('\n')}`)), ms);
      this.waiters.push({ re, count, resolve: () => (clearTimeout(t), resolve()) });
      this.check();
    });
  }

  matching(re: RegExp): string[] {
    return this.lines.filter((l) => re.test(l));
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child.kill(signal);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('error', () => resolve(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => {
      sock.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
  });
}

/** A redis-server of our own on a free loopback port, without persistence (a restart loses everything). */
export class TestRedis {
  private proc: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  static async start(): Promise<TestRedis> {
    const r = new TestRedis(await freePort());
    await r.up();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await ping(this.port)) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Kill -9 (no save) and wait until it is gone. */
  async crash(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    this.proc = null;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    await this.crash();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
