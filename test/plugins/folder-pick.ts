import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestRunnerPlugin } from '@web/test-runner';
import type { PlaywrightLauncher } from '@web/test-runner-playwright';

/** One file of the folder to pick: its path inside the folder and its size. */
export interface FolderFile {
  readonly path: string;
  readonly size: number;
}

/**
 * `executeServerCommand('pick-folder', { selector, folder, files })` writes a folder of random
 * files to a temporary directory and picks it through the page's `<input webkitdirectory>`
 * (Playwright's setInputFiles, as a user choosing a folder would). Answers each file's MD5 by
 * its relative path ("folder/sub/a.bin"). The directories stay until the test run ends: the page
 * reads the picked files from disk.
 */
export function folderPickPlugin(): TestRunnerPlugin {
  const roots: string[] = [];
  return {
    name: 'chunk-uploader-folder-pick',
    async serverStop() {
      await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'pick-folder') return undefined;
      if (session.browser.type !== 'playwright') throw new Error(`pick-folder uses Playwright's setInputFiles; ${session.browser.name} runs without it`);
      const { selector, folder, files } = payload as { selector: string; folder: string; files: readonly FolderFile[] };
      const root = await mkdtemp(join(tmpdir(), 'chunk-uploader-pick-'));
      roots.push(root);
      const md5: Record<string, string> = {};
      for (const file of files) {
        const bytes = randomBytes(file.size);
        const path = join(root, folder, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, bytes);
        md5[`${folder}/${file.path}`] = createHash('md5').update(bytes).digest('hex');
      }
      const page = (session.browser as PlaywrightLauncher).getPage(session.id);
      await page.locator(selector).setInputFiles(join(root, folder));
      return md5;
    },
  };
}
