import { css } from 'lit';

/**
 * Styling API: the custom properties declared on :host below, and the parts. Layout uses
 * logical properties only, so right-to-left pages mirror without extra rules.
 */
export const styles = css`
  /*
   * Every colour is a custom property. The defaults come in a light and a dark set: a page
   * that sets a property wins over both; one that sets none follows the user's colour scheme.
   */
  :host {
    --_accent: #2563eb;
    --_text: #1f2937;
    --_muted: #4b5563;
    --_background: #ffffff;
    --_border: #c7cdd6;
    --_drop-zone: #f8fafc;
    --_drop-zone-active: #e0ecff;
    --_track: #e5e7eb;
    --_success: #15803d;
    --_error: #b91c1c;
    --_warning: #b45309;
    --_stopped: #6b7280;

    --border-radius: 0.5rem;
    --gap: 0.75rem;
    --font: inherit;
    --progress-height: 0.5rem;

    display: block;
    color-scheme: light dark;
    color: var(--text-color, var(--_text));
    font: var(--font);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: #7aa7ff;
      --_text: #e5e7eb;
      --_muted: #a8b0bd;
      --_background: #161b22;
      --_border: #4b5563;
      --_drop-zone: #0f141a;
      --_drop-zone-active: #1c2a44;
      --_track: #30363d;
      --_success: #4ade80;
      --_error: #f87171;
      --_warning: #fbbf24;
      --_stopped: #8b949e;
    }
  }

  .base {
    --accent: var(--accent-color, var(--_accent));
    --muted: var(--muted-color, var(--_muted));
    --surface: var(--background, var(--_background));
    --border: var(--border-color, var(--_border));
    --track: var(--track-color, var(--_track));
    --indicator: var(--indicator-color, var(--accent));
    --success: var(--success-color, var(--_success));
    --error: var(--error-color, var(--_error));
    --warning: var(--warning-color, var(--_warning));
    --stopped: var(--stopped-color, var(--_stopped));
    --ring: var(--focus-ring, 3px solid var(--accent));
  }

  :host([hidden]) {
    display: none;
  }

  .base {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: var(--gap);
  }

  .drop-zone {
    border: 2px dashed var(--border);
    border-radius: var(--border-radius);
    background: var(--drop-zone-background, var(--_drop-zone));
  }

  :host([drag-over]) .drop-zone {
    border-color: var(--accent);
    background: var(--drop-zone-active-background, var(--_drop-zone-active));
  }

  .drop-zone:focus-within {
    outline: var(--ring);
    outline-offset: 2px;
  }

  .pick {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    inline-size: 100%;
    min-block-size: 6rem;
    padding: 1rem;
    border: none;
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }

  .pick:focus {
    outline: none;
  }

  .pick:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  .choose {
    color: var(--accent);
    text-decoration: underline;
    font-weight: 600;
  }

  .icon {
    inline-size: 1.5rem;
    block-size: 1.5rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .message {
    border-inline-start: 4px solid var(--error);
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    color: var(--error);
  }

  .message p,
  .summary,
  .notice,
  .interrupted-title {
    margin: 0;
  }

  .notice {
    border-inline-start: 4px solid var(--warning);
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
  }

  .interrupted {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }

  .interrupted-title {
    font-weight: 600;
  }

  .file[data-state='interrupted'] {
    border-style: dashed;
  }

  .file[data-state='interrupted'] .indicator,
  .file[data-state='blocked'] .indicator {
    background: var(--muted);
  }

  .summary {
    display: grid;
    gap: 0.25rem;
    color: var(--muted);
  }

  .summary .progress {
    grid-area: auto;
  }

  .counts,
  .total-line {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }

  .counts {
    color: var(--text-color, var(--_text));
    font-weight: 600;
  }

  .list-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }

  .offline {
    border-inline-start-color: var(--error);
    font-weight: 600;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  @media (prefers-reduced-motion: reduce) {
    .indicator {
      transition: none;
    }
  }

  @media (forced-colors: active) {
    .drop-zone,
    .file,
    .notice,
    [part~='button'] {
      border-color: CanvasText;
    }

    :host([drag-over]) .drop-zone {
      border-color: Highlight;
    }

    .progress {
      border: 1px solid CanvasText;
      background: Canvas;
    }

    .indicator,
    .file[data-state='done'] .indicator,
    .file[data-state='failed'] .indicator,
    .file[data-state='canceled'] .indicator,
    .file[data-state='paused'] .indicator,
    .file[data-condition] .indicator,
    .file[data-state='interrupted'] .indicator,
    .file[data-state='blocked'] .indicator {
      background: Highlight;
      forced-color-adjust: none;
    }

    .choose {
      color: LinkText;
    }

    .drop-zone:focus-within,
    [part~='button']:focus-visible {
      outline-color: Highlight;
    }
  }
`;
