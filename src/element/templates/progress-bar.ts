import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

/** A file's progress track: labelled with the file's name, spoken as `valueText`. */
export function progressBar(name: string, ratio: number, valueText: string): TemplateResult {
  return html`<div
    part="progress"
    class="progress"
    role="progressbar"
    aria-label=${name}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${Math.round(ratio * 100)}
    aria-valuetext=${valueText}
  >
    <div class="indicator" style=${styleMap({ transform: `scaleX(${ratio})` })}></div>
  </div>`;
}
