import { html, render } from 'lit';
import '../src/chunk-uploader.js';
import { ChunkUploader, HashPool, type Target, type UploaderEventMap } from '../src/chunk-uploader.js';
import type { FaultRule } from '../server/emulators/shared/faults.js';
import type { LoggedRequest } from '../server/emulators/shared/request-log.js';
import { API, control } from './control.js';
import { chaosPanel, partOperations, PRESETS } from './panels/chaos.js';
import { LOG_ROWS, requestLogPanel } from './panels/request-log.js';
import { resultsPanel, type StoredResult } from './panels/results.js';
import { STRINGS, type DemoLang } from './strings.js';

interface PageState {
  lang: DemoLang;
  provider: string;
  concurrency: string;
  partSize: string;
  faults: number;
  /** A file that finished with faults active and sent no part bytes (the chaos panel explains). */
  untouched: string | undefined;
  log: readonly LoggedRequest[];
  results: readonly StoredResult[];
}

/** Every target the element knows (the default entry registers the built-in ones). */
const TARGETS: readonly Target[] = ChunkUploader.defaultTargets;

const state: PageState = {
  lang: navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en',
  provider: TARGETS[0]?.name ?? '',
  concurrency: '4',
  partSize: '1MiB',
  faults: 0,
  untouched: undefined,
  log: [],
  results: [],
};
const PART_SIZES = ['256KiB', '1MiB', '5MiB', '8MiB', '16MiB'];
const hashes = new HashPool({ size: 1 });
/** Files by name and size, to hash the original once its upload is stored. */
const picked = new Map<string, File>();
const root = document.querySelector<HTMLElement>('#app')!;

function set(patch: Partial<PageState>): void {
  Object.assign(state, patch);
  document.documentElement.lang = state.lang;
  document.title = STRINGS[state.lang].title;
  draw();
}

function patchResult(id: string, patch: Partial<StoredResult>): void {
  set({ results: state.results.map((result) => (result.id === id ? { ...result, ...patch } : result)) });
}

async function onStored(event: UploaderEventMap['chunk-upload-success']): Promise<void> {
  const { task, result } = event.detail;
  const location = typeof result.response.location === 'string' ? result.response.location : result.key;
  set({ results: [{ id: task.id, name: task.name, size: task.size, location, href: undefined, storedMd5: undefined, localMd5: undefined }, ...state.results] });
  if (state.faults > 0) void noticeUntouched(result.provider, result.key, task.name);
  // The emulator's read URL, not the answer's `location`: Qiniu answers none, COS v4 names it
  // otherwise, and Azure needs a SAS to read a private blob.
  const stored = await control<{ md5: string; url?: string } | null>({ cmd: 'object', target: result.provider, key: result.key });
  patchResult(task.id, {
    storedMd5: stored?.md5 ?? '—',
    ...(stored?.url === undefined ? {} : { href: stored.url, location: stored.url.split('?')[0] ?? stored.url }),
  });
  const name = `${task.name}\u0000${task.size}`;
  const file = picked.get(name);
  picked.delete(name);
  if (file === undefined) return;
  const digests = await hashes.whole(file, { md5: true }, new AbortController().signal);
  patchResult(task.id, { localMd5: digests.md5Hex });
}

/**
 * Faults act on the operations that carry part bytes. An upload that sent none (COS v4's instant
 * upload of bytes the storage already holds, a file sent in one request) met no fault, and a
 * newcomer who just switched faults on deserves to know why.
 */
async function noticeUntouched(provider: string, key: string, name: string): Promise<void> {
  const ops = partOperations(TARGETS.find((target) => target.name === provider));
  const requests = await control<LoggedRequest[]>({ cmd: 'requests', target: provider, keyPrefix: key });
  const mine = requests.filter((entry) => entry.key === key);
  const touched = mine.some((entry) => entry.fault !== undefined || ops.includes('*') || ops.includes(entry.op));
  if (!touched && provider === state.provider) set({ untouched: name });
}

/** Empties the selected storage (objects, open uploads, its log) and puts its fault rules back. */
async function forgetStored(): Promise<void> {
  const rules = await control<{ rule: FaultRule }[]>({ cmd: 'faults', target: state.provider });
  await control({ cmd: 'reset', target: state.provider });
  for (const { rule } of rules) await control({ cmd: 'fault', target: state.provider, rule });
  set({ untouched: undefined, log: [] });
}

async function addFault(preset: string): Promise<void> {
  const make = PRESETS[preset];
  if (make === undefined) return;
  const ops = partOperations(TARGETS.find((target) => target.name === state.provider));
  for (const op of ops) await control({ cmd: 'fault', target: state.provider, rule: make(op) });
  set({ faults: state.faults + ops.length });
}

async function clearFaults(): Promise<void> {
  await control({ cmd: 'clear-faults', target: state.provider });
  set({ faults: 0, untouched: undefined });
}

/** The server is the truth about faults; the page can only count what it added, so it starts clean. */
async function switchProvider(provider: string): Promise<void> {
  await control({ cmd: 'clear-faults', target: state.provider });
  set({ provider, faults: 0, untouched: undefined, log: [] });
}

/** Shown rows as the panel compares them: a request in flight changes its bytes and status. */
const rowsSignature = (rows: readonly LoggedRequest[]): string => rows.map((row) => `${row.seq}:${row.status}:${row.bytesIn}`).join(' ');

async function pollLog(): Promise<void> {
  if (document.visibilityState !== 'visible') return;
  const entries = await control<LoggedRequest[]>({ cmd: 'requests', target: state.provider });
  const latest = entries.slice(-LOG_ROWS).reverse();
  // Every shown row, not only the newest: with parts in flight side by side, older rows finish
  // after newer ones start, and their status must change on screen as it changes on the server.
  if (rowsSignature(latest) !== rowsSignature(state.log)) set({ log: latest });
}

function draw(): void {
  const s = STRINGS[state.lang];
  render(
    html`
      <header>
        <h1>${s.title}</h1>
        <p>${s.intro}</p>
        <div class="controls">
          <label>
            ${s.provider}
            <select @change=${(e: Event) => void switchProvider((e.target as HTMLSelectElement).value)}>
              ${TARGETS.map(
                ({ name, demo }) => html`<option value=${name} ?selected=${name === state.provider}>${demo?.label ?? name}</option>`,
              )}
            </select>
          </label>
          <label>
            ${s.language}
            <select @change=${(e: Event) => set({ lang: (e.target as HTMLSelectElement).value as DemoLang })}>
              ${(Object.keys(STRINGS) as DemoLang[]).map(
                (lang) => html`<option value=${lang} ?selected=${lang === state.lang}>${lang === 'en' ? 'English' : '简体中文'}</option>`,
              )}
            </select>
          </label>
          <label>
            ${s.concurrency}
            <input
              type="number"
              min="1"
              max="16"
              .value=${state.concurrency}
              @change=${(e: Event) => set({ concurrency: (e.target as HTMLInputElement).value })}
            />
          </label>
          <label>
            ${s.partSize}
            <select @change=${(e: Event) => set({ partSize: (e.target as HTMLSelectElement).value })}>
              ${PART_SIZES.map((size) => html`<option ?selected=${size === state.partSize}>${size}</option>`)}
            </select>
          </label>
        </div>
      </header>
      <main>
        <div class="column">
          <chunk-uploader
            multiple
            provider=${state.provider}
            endpoint=${`${API}/${state.provider}`}
            concurrency=${state.concurrency}
            part-size=${state.partSize}
            @chunk-file-add=${(e: UploaderEventMap['chunk-file-add']) => {
              for (const file of e.detail.files) picked.set(`${file.name}\u0000${file.size}`, file);
            }}
            @chunk-upload-success=${(e: UploaderEventMap['chunk-upload-success']) => void onStored(e)}
          ></chunk-uploader>
          ${resultsPanel(s, state.results)}
        </div>
        <div class="column">
          ${chaosPanel({
            s,
            active: state.faults,
            untouched: state.untouched,
            add: (preset) => void addFault(preset),
            clear: () => void clearFaults(),
            forgetStored: () => void forgetStored(),
          })}
          ${requestLogPanel(s, state.log)}
        </div>
      </main>
    `,
    root,
  );
}

set({});
void control({ cmd: 'clear-faults' });
setInterval(() => void pollLog().catch(() => undefined), 500);
