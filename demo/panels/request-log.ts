import { html, type TemplateResult } from 'lit';
import type { LoggedRequest } from '../../server/emulators/shared/request-log.js';
import type { DemoStrings } from '../strings.js';

/** How many of the latest requests the panel shows. */
export const LOG_ROWS = 40;

export function requestLogPanel(s: DemoStrings, entries: readonly LoggedRequest[]): TemplateResult {
  return html`
    <section class="panel" aria-labelledby="log-title">
      <h2 id="log-title">${s.requestLog}</h2>
      ${entries.length === 0
        ? html`<p class="hint">${s.logEmpty}</p>`
        : html`<div class="scroll">
            <table class="log">
              <thead>
                <tr>
                  ${s.logColumns.map((column) => html`<th scope="col">${column}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${entries.map(
                  (entry) => html`<tr class=${entry.status >= 400 || entry.status === 0 ? 'bad' : ''}>
                    <td>${entry.seq}</td>
                    <td>${entry.method} ${entry.op}</td>
                    <td>${entry.status === 0 ? '—' : entry.status}</td>
                    <td>${entry.bytesIn.toLocaleString()}</td>
                    <td>${entry.fault ?? ''}</td>
                    <td class="path" title=${entry.path}>${entry.path}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
    </section>
  `;
}
