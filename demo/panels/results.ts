import { html, type TemplateResult } from 'lit';
import type { DemoStrings } from '../strings.js';

export interface StoredResult {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  /** Where the storage says the object is (query left out: it may carry a read token). */
  readonly location: string;
  /** A URL that serves the stored bytes (the emulator's read URL), once the storage was asked. */
  readonly href: string | undefined;
  /** MD5 of the object as the storage holds it; undefined until asked. */
  readonly storedMd5: string | undefined;
  /** MD5 of the file on this computer; undefined while hashing. */
  readonly localMd5: string | undefined;
}

function check(s: DemoStrings, result: StoredResult): TemplateResult {
  if (result.storedMd5 === undefined || result.localMd5 === undefined) return html`<span>${s.hashing}</span>`;
  return result.storedMd5 === result.localMd5
    ? html`<span class="ok">✓ ${s.md5Match}</span>`
    : html`<span class="bad">✗ ${s.md5Mismatch}</span>`;
}

export function resultsPanel(s: DemoStrings, results: readonly StoredResult[]): TemplateResult {
  return html`
    <section class="panel" aria-labelledby="results-title">
      <h2 id="results-title">${s.results}</h2>
      ${results.length === 0
        ? html`<p class="hint">${s.resultsEmpty}</p>`
        : html`<div class="scroll">
            <table class="results">
              <thead>
                <tr>
                  ${s.resultColumns.map((column) => html`<th scope="col">${column}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${results.map(
                  (result) => html`<tr>
                    <td>${result.name}<br /><small>${result.size.toLocaleString()} B</small></td>
                    <td class="path">${result.href === undefined
                        ? result.location
                        : html`<a href=${result.href} target="_blank" rel="noopener">${result.location}</a>`}</td>
                    <td><code>${result.storedMd5 ?? '…'}</code><br />${check(s, result)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
    </section>
  `;
}
