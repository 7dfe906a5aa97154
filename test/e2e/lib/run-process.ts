import { spawn } from 'node:child_process';

export interface ProcessOutput {
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunProcessOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Killed (with everything it started) and failed after this long. */
  readonly timeoutMs?: number;
}

/** How long the pipes may stay open once the process has exited. */
const PIPE_GRACE_MS = 2_000;

/**
 * Runs a tool (npm, tsc, vite) to its exit and resolves with its output, or rejects with it.
 * Unlike `execFile`, it does not wait for the pipes to close: a grandchild that outlives the
 * tool while holding its stdout (a build's helper process) would keep that wait, and the whole
 * test file, hanging with nothing running. The tool runs in a process group of its own, so a
 * timeout kills what it started too.
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessOutput> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => stdout.push(data));
    child.stderr.on('data', (data: Buffer) => stderr.push(data));
    const output = (): ProcessOutput => ({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    const describe = `${command} ${args.join(' ')} in ${options.cwd}`;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${describe}: ${error.message}`, { cause: error }));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const finish = (): void => {
        child.stdout.destroy();
        child.stderr.destroy();
        const { stdout: out, stderr: err } = output();
        if (code === 0 && !timedOut) resolve({ stdout: out, stderr: err });
        else {
          const why = timedOut ? `timed out after ${timeoutMs} ms` : `exit ${code ?? signal ?? '?'}`;
          reject(Object.assign(new Error(`${describe} failed (${why}):\n${out}${err}`), { stdout: out, stderr: err }));
        }
      };
      if (child.stdout.readableEnded && child.stderr.readableEnded) finish();
      else {
        const grace = setTimeout(finish, PIPE_GRACE_MS);
        let ended = 0;
        const onEnd = (): void => {
          ended += 1;
          if (ended === 2) {
            clearTimeout(grace);
            finish();
          }
        };
        for (const stream of [child.stdout, child.stderr]) {
          if (stream.readableEnded) onEnd();
          else stream.once('end', onEnd);
        }
      }
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
