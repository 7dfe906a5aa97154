import type { E2eGlobal, PageInterrupted, PageTask } from '../page/api.js';
import { waitInPage, type EnginePage } from './engines.js';

/** The e2e page's API (test/e2e/page/api.ts) on an EnginePage, in any engine (lib/page.ts: Playwright's). */

/** Opens the e2e page and waits until the element has read its first list (after pruning). */
export async function openIn(page: EnginePage, url: string): Promise<void> {
  await page.goto(url);
  await listedIn(page);
}

export function listedIn(page: EnginePage): Promise<void> {
  return waitInPage(page, 'the first list of unfinished uploads', () => (globalThis as unknown as E2eGlobal).e2e?.listed === true, null);
}

export function tasksIn(page: EnginePage): Promise<PageTask[]> {
  return page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.tasks(), null);
}

export function interruptedIn(page: EnginePage): Promise<PageInterrupted[]> {
  return page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.interrupted(), null);
}

/** Waits until the page's task for `name` is in `state`; fails early if it fails. */
export async function stateIn(page: EnginePage, name: string, state: string, timeoutMs = 180_000): Promise<PageTask> {
  await waitInPage(
    page,
    `${name} ${state}`,
    ([file, wanted]) => {
      const task = (globalThis as unknown as E2eGlobal).e2e.tasks().find((t) => t.name === file);
      if (task?.state === 'failed') throw new Error(`${file} failed`);
      return task?.state === wanted;
    },
    [name, state] as const,
    timeoutMs,
  );
  const found = (await tasksIn(page)).find((task) => task.name === name);
  if (found === undefined) throw new Error(`no task for ${name}`);
  return found;
}
