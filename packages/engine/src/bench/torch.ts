// Optional: the PyTorch reference of the same step (tools/bench-torch.py, Debian python3-torch), measured in
// the same run as our cases and interleaved with them: the script serves slices over two named pipes, so each
// PyTorch slice sits in the rotation between ours and a load change on the (noisy, shared) machine hits both
// alike. Never a dependency: missing Python, torch or the script (outside a repository checkout) only logs why.

export interface TorchOptions {
  /** Python with torch (default /usr/bin/python3: Debian's python3-torch lives in the system Python). */
  python?: string;
  /** The script (default: tools/bench-torch.py of the repository this package sits in). */
  script?: string;
  /** torch.set_num_threads (default 1, the fastest on small nets). */
  threads?: number;
  /**
   * 'lean' (backend "torch": the bare step), 'driftreg' (backend "torch-driftreg": also the per-step extras of
   * DriftReg's Trainer.run_epoch — input/label-noise draws, torch.normal, loss read back), or 'both' (default).
   */
  style?: 'lean' | 'driftreg' | 'both';
  /** Seconds to wait for Python to import torch and warm its cases up (default 120). */
  startTimeout?: number;
}

/** One PyTorch case served by the script. */
export interface TorchCase {
  config: string;
  backend: 'torch' | 'torch-driftreg';
  /** Runs about `seconds` of steps in the Python process and returns its steps per second. */
  slice(seconds: number): number;
}

export interface TorchServer {
  cases: TorchCase[];
  close(): void;
}

/* eslint-disable @typescript-eslint/no-require-imports */
// Node modules are required in the function, not imported, so that importing @driftlab/engine in a browser works.
/** Starts the script in serve mode; null (after logging why) when PyTorch cannot be run here. */
export function startTorchServer(configs: string[], o: TorchOptions, log: (l: string) => void): TorchServer | null {
  const { spawn, spawnSync, execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  const script = o.script ?? path.resolve(__dirname, '..', '..', '..', '..', 'tools', 'bench-torch.py');
  if (!fs.existsSync(script)) {
    log(`torch: ${script} not found; skipped`);
    return null;
  }
  const python = o.python ?? '/usr/bin/python3';
  // Can this Python run the script at all? (A missing interpreter or torch is reported now, not after a wait.)
  const probe = spawnSync(python, [script, '--help'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    log(`torch: skipped (${(probe.stderr || String(probe.error ?? '')).trim().split('\n').pop()})`);
    return null;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-torch-'));
  const cmdPath = path.join(dir, 'cmd');
  const resPath = path.join(dir, 'res');
  const errPath = path.join(dir, 'stderr');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('mkfifo', [cmdPath, resPath]);
  } catch (e) {
    cleanup();
    log(`torch: skipped (cannot make named pipes: ${(e as Error).message})`);
    return null;
  }
  const style = o.style ?? 'both';
  const args = [script, '--serve', cmdPath, resPath, '--threads', String(o.threads ?? 1), '--style', style, '--configs', configs.join(',')];
  const err = fs.openSync(errPath, 'w');
  const child = spawn(python, args, { stdio: ['ignore', 'ignore', err] });
  fs.closeSync(err);
  let exited = false;
  child.on('exit', () => (exited = true));
  child.on('error', () => (exited = true));
  const why = () => fs.readFileSync(errPath, 'utf8').trim().split('\n').pop() || 'no error output';
  // Opening a pipe for writing blocks until the reader opens it: poll with O_NONBLOCK instead, so a Python that
  // fails to start (no torch) is noticed. The exit event cannot arrive while we poll, so look at stderr too.
  const deadline = Date.now() + 1000 * (o.startTimeout ?? 120);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let cmd = -1;
  while (cmd < 0) {
    try {
      cmd = fs.openSync(cmdPath, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    } catch {
      if (exited || Date.now() > deadline || /Error|Traceback/.test(fs.readFileSync(errPath, 'utf8'))) {
        child.kill();
        log(`torch: skipped (${exited || Date.now() <= deadline ? why() : 'Python did not start in time'})`);
        cleanup();
        return null;
      }
      Atomics.wait(pause, 0, 0, 20);
    }
  }
  const res = fs.openSync(resPath, 'r'); // blocks until Python opens it for writing, right after the command pipe
  const buf = Buffer.alloc(256);
  const readLine = (): string => {
    let line = '';
    for (;;) {
      const n = fs.readSync(res, buf, 0, 1, null);
      if (n === 0) throw new Error(`the PyTorch benchmark stopped: ${why()}`);
      const ch = buf.toString('utf8', 0, 1);
      if (ch === '\n') return line;
      line += ch;
    }
  };
  const styles: TorchCase['backend'][] = style === 'both' ? ['torch', 'torch-driftreg'] : style === 'lean' ? ['torch'] : ['torch-driftreg'];
  const cases = configs.flatMap((config) =>
    styles.map((backend) => ({
      config,
      backend,
      slice(seconds: number): number {
        fs.writeSync(cmd, `${config} ${backend} ${seconds}\n`);
        return Number(readLine());
      },
    })),
  );
  return {
    cases,
    close() {
      try {
        fs.writeSync(cmd, 'quit\n');
      } catch {
        // Python already gone
      }
      fs.closeSync(cmd);
      fs.closeSync(res);
      child.unref();
      cleanup();
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */
