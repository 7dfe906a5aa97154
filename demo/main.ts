import { html, render } from 'lit';
import '../src/chunk-uploader.js';
import { ChunkUploader, HashPool, type Target, type UploaderEventMap } from '../src/chunk-uploader.js';
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
  set({ results: [{ id: task.id, name: task.name, size: task.size, location, storedMd5: undefined, localMd5: undefined }, ...state.results] });
  const stored = await control<{ md5: string } | null>({ cmd: 'object', target: result.provider, key: result.key });
  patchResult(task.id, { storedMd5: stored?.md5 ?? '—' });
  const name = `${task.name}\u0000${task.size}`;
  const file = picked.get(name);
  picked.delete(name);
  if (file === undefined) return;
  const digests = await hashes.whole(file, { md5: true }, new AbortController().signal);
  patchResult(task.id, { localMd5: digests.md5Hex });
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
  set({ faults: 0 });
}

/** The server is the truth about faults; the page can only count what it added, so it starts clean. */
async function switchProvider(provider: string): Promise<void> {
  await control({ cmd: 'clear-faults', target: state.provider });
  set({ provider, faults: 0, log: [] });
}

async function pollLog(): Promise<void> {
  if (document.visibilityState !== 'visible') return;
  const entries = await control<LoggedRequest[]>({ cmd: 'requests', target: state.provider });
  const latest = entries.slice(-LOG_ROWS).reverse();
  if (latest[0]?.seq !== state.log[0]?.seq || latest[0]?.status !== state.log[0]?.status) set({ log: latest });
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
          ${chaosPanel({ s, active: state.faults, add: (preset) => void addFault(preset), clear: () => void clearFaults() })}
          ${requestLogPanel(s, state.log)}
        </div>
      </main>
    `,
    root,
  );
}

set({});
void control({ cmd: 'clear-faults' });
setInterval(() => void pollLog().catch(() => undefined), 1000);
