import { html, type TemplateResult } from 'lit';
import type { FaultRule } from '../../server/emulators/shared/faults.js';
import type { Target } from '../../src/chunk-uploader.js';
import type { DemoStrings } from '../strings.js';

/** Emulator operations that carry a target's part bytes (its `demo.partOps`); every operation when it says none. */
export function partOperations(target: Target | undefined): readonly string[] {
  const ops = target?.demo?.partOps ?? [];
  return ops.length === 0 ? ['*'] : ops;
}

/** The chaos presets, in the fault vocabulary of server/emulators/shared/faults.ts. */
export const PRESETS: Readonly<Record<string, (op: string) => FaultRule>> = {
  fail500: (op) => ({ op, action: 'status', status: 500, probability: 0.3, body: 'chaos: internal error' }),
  reset: (op) => ({ op, action: 'reset', probability: 0.2, afterBytes: 64 * 1024 }),
  stall: (op) => ({ op, action: 'stall', times: 1, afterBytes: 0 }),
  expire: (op) => ({ op, action: 'expire', times: 2 }),
  throttle: (op) => ({
    op,
    action: 'status',
    status: 503,
    probability: 0.2,
    body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
    headers: { 'Content-Type': 'application/xml' },
  }),
  corrupt: (op) => ({ op, action: 'corrupt', times: 1 }),
  slow: (op) => ({ op, action: 'delay', delayMs: 1000 }),
};

export interface ChaosView {
  readonly s: DemoStrings;
  readonly active: number;
  /** The file of the last upload that finished with faults active but sent no part bytes. */
  readonly untouched: string | undefined;
  readonly add: (preset: string) => void;
  readonly clear: () => void;
  readonly forgetStored: () => void;
}

export function chaosPanel({ s, active, untouched, add, clear, forgetStored }: ChaosView): TemplateResult {
  return html`
    <section class="panel" aria-labelledby="chaos-title">
      <h2 id="chaos-title">${s.chaos}</h2>
      <p class="hint">${s.chaosIntro}</p>
      <div class="presets">
        ${Object.keys(PRESETS).map(
          (name) => html`<button type="button" data-preset=${name} @click=${() => add(name)}>${s.presets[name] ?? name}</button>`,
        )}
      </div>
      <p class="status" role="status">${s.activeFaults(active)}</p>
      ${untouched === undefined
        ? ''
        : html`<div class="note" role="status">
            <p>${s.noFaultFired(untouched)}</p>
            <button type="button" class="secondary" data-action="forget-stored" @click=${forgetStored}>${s.forgetStored}</button>
          </div>`}
      <button type="button" class="secondary" @click=${clear}>${s.clearFaults}</button>
    </section>
  `;
}
