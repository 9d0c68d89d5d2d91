// Where the CLI writes: injectable so tests capture output without spawning processes.
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is an interactive terminal (progress bars only then). */
  isTTY: boolean;
  /** Registers a Ctrl-C handler; returns a function that removes it. */
  onInterrupt(fn: () => void): () => void;
}

export const processIO: CliIO = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  isTTY: Boolean(process.stderr.isTTY),
  onInterrupt(fn) {
    process.on('SIGINT', fn);
    process.on('SIGTERM', fn);
    return () => {
      process.off('SIGINT', fn);
      process.off('SIGTERM', fn);
    };
  },
};

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** An error the user can fix: printed without a stack, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
  }
}
