import type { BrowserContext, Page } from 'playwright';
import type { E2eApi, E2eGlobal, PageInterrupted, PageTask } from '../page/api.js';

/** Everything a page threw at the user (uncaught errors and unhandled rejections). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  return errors;
}

/** Opens the e2e page and waits until the element has read its first list (after pruning). */
export async function openUploader(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(url);
  await waitListed(page);
  return { page, errors };
}

export async function waitListed(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as E2eGlobal).e2e?.listed === true, undefined, { timeout: 120_000 });
}

/** Picks a file on disk through the element's own file input. */
export async function pick(page: Page, path: string): Promise<void> {
  await page.locator('chunk-uploader input[type="file"]').setInputFiles(path);
}

export function tasks(page: Page): Promise<PageTask[]> {
  return page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.tasks());
}

export function interrupted(page: Page): Promise<PageInterrupted[]> {
  return page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.interrupted());
}

export function pageApi<K extends 'notice' | 'message'>(page: Page, what: K): Promise<ReturnType<E2eApi[K]>> {
  return page.evaluate((name) => (globalThis as unknown as E2eGlobal).e2e[name](), what) as Promise<ReturnType<E2eApi[K]>>;
}

/** Waits until the page's task for `name` is in `state`; fails early if it fails. */
export async function waitState(page: Page, name: string, state: string, timeoutMs = 180_000): Promise<PageTask> {
  await page.waitForFunction(
    ([file, wanted]) => {
      const task = (globalThis as unknown as E2eGlobal).e2e.tasks().find((t) => t.name === file);
      if (task?.state === 'failed') throw new Error(`${file} failed`);
      return task?.state === wanted;
    },
    [name, state] as const,
    { timeout: timeoutMs, polling: 50 },
  );
  const found = (await tasks(page)).find((task) => task.name === name);
  if (found === undefined) throw new Error(`no task for ${name}`);
  return found;
}

/** Counts the part uploads (PUTs with a partNumber) this page sent. */
export function countPartRequests(page: Page): { readonly count: () => number } {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === 'PUT' && request.url().includes('partNumber=')) count += 1;
  });
  return { count: () => count };
}
