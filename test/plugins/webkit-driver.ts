import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { waitForDriver, WebDriverSession } from './webdriver-client.js';

/**
 * WebKitGTK's WebKitWebDriver on a free loopback port, with an X display for MiniBrowser: the
 * caller's DISPLAY when there is one (xvfb-run), else an Xvfb of our own. `stop()` ends both;
 * so does this process's exit, synchronously, should a run be cut short.
 */
export interface WebKitDriver {
  readonly url: string;
  /** A new MiniBrowser (one WebDriver session: its own process and website data). */
  newSession(): Promise<WebDriverSession>;
  stop(): Promise<void>;
}

export async function startWebKitDriver(miniBrowser: string): Promise<WebKitDriver> {
  const children: ChildProcess[] = [];
  const killAll = (): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  try {
    let display = process.env.DISPLAY;
    if (display === undefined || display === '') {
      const xvfb = await startXvfb();
      children.push(xvfb.process);
      display = xvfb.display;
    }
    const port = await freePort();
    const driver = spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(driver);
    const url = `http://127.0.0.1:${port}`;
    await Promise.race([waitForDriver(url), exitedEarly(driver, 'WebKitWebDriver')]);
    return {
      url,
      newSession: () =>
        WebDriverSession.create(url, {
          'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
        }),
      async stop() {
        process.off('exit', killAll);
        await Promise.all(children.reverse().map((child) => stopChild(child)));
      },
    };
  } catch (error) {
    killAll();
    process.off('exit', killAll);
    throw error;
  }
}

/** Xvfb picks a free display itself and writes its number to the pipe given as -displayfd. */
async function startXvfb(): Promise<{ process: ChildProcess; display: string }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const number = await Promise.race([
    new Promise<string>((resolve) => {
      let text = '';
      xvfb.stdio[3]?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.trim());
      });
    }),
    exitedEarly(xvfb, 'Xvfb'),
  ]);
  return { process: xvfb, display: `:${number}` };
}

function exitedEarly(child: ChildProcess, name: string): Promise<never> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  return new Promise((_resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${name} did not start: ${error.message}`)));
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it was ready: ${stderr}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
