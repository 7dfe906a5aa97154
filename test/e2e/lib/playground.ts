import { spawn, type ChildProcess } from 'node:child_process';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Playground {
  readonly child: ChildProcess;
  /** The page's URL, from the line `npm start` prints last. */
  readonly url: string;
  /** The folder the playground printed as where it keeps the objects. */
  readonly storage: string;
  /** Signer and emulator URLs by name, as the playground printed them. */
  readonly urls: Readonly<Record<string, string>>;
  /** Everything printed so far, stdout and stderr interleaved, without colour codes. */
  output(): string;
  readonly exited: Promise<Exit>;
  /** Waits for the exit after a signal, killing the process if it has not gone within 60 s. */
  stopped(): Promise<Exit>;
}

/** Playgrounds not yet exited: a failed test leaves its own behind, and `killPlaygrounds` ends it. */
const running = new Set<ChildProcess>();

/** SIGKILL to every playground this process started that has not exited (an `afterEach`/`after`). */
export function killPlaygrounds(): void {
  for (const child of running) child.kill('SIGKILL');
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** `name url, name url, …` from the playground's "signer and emulators" line. */
function emulatorUrls(output: string): Record<string, string> | undefined {
  const line = /chunk-uploader: signer and emulators \(loopback\): (.*)/.exec(output)?.[1];
  if (line === undefined) return undefined;
  return Object.fromEntries(line.split(', ').map((pair) => pair.split(' ') as [string, string]));
}

export interface PlaygroundOptions {
  /** Arguments after `npm start --` (`--keep`). `--port 0` always comes first. */
  readonly args?: readonly string[];
  /** Added to this process's environment (TMPDIR, CI). Colours are always off. */
  readonly env?: Readonly<Record<string, string>>;
}

/** `npm start` as a user runs it (scripts/playground.mjs → Vite → server/start.ts), on a free port. */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  // stdin stays an open pipe: Vite stops when its stdin ends (it takes that for a gone parent).
  const child = spawn(process.execPath, ['scripts/playground.mjs', '--port', '0', ...(options.args ?? [])], {
    // No colours: with CI set, Vite colours its output, which splits the text read below.
    env: { ...process.env, CHUNK_UPLOADER_KEEP: '', NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const stopped = (): Promise<Exit> => {
    // A playground that ignores the signal fails the test instead of hanging it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    return exited.finally(() => clearTimeout(timer));
  };
  let output = '';
  const ready = new Promise<{ url: string; storage: string; urls: Record<string, string> }>((resolve, reject) => {
    // A playground that never gets ready is killed: left running, its pipes would keep this
    // test file, and so the whole run, alive.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the playground did not start:\n${output}`));
    }, 120_000);
    const read = (chunk: Buffer): void => {
      output += stripAnsi(chunk.toString());
      const storage = /objects are stored in (\S+?),? (?:removed|and kept)/.exec(output)?.[1];
      const urls = emulatorUrls(output);
      const url = /chunk-uploader playground: (http:\/\/\S+)/.exec(output)?.[1];
      if (storage === undefined || urls === undefined || url === undefined) return;
      clearTimeout(timer);
      resolve({ url, storage, urls });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the playground exited before it was ready:\n${output}`));
    });
  });
  return { child, exited, stopped, output: () => output, ...(await ready) };
}
