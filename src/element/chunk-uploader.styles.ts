import { css } from 'lit';

/**
 * Styling API: the custom properties declared on :host below, and the parts. Layout uses
 * logical properties only, so right-to-left pages mirror without extra rules.
 */
export const styles = css`
  :host {
    --accent-color: #2563eb;
    --text-color: #1f2937;
    --muted-color: #4b5563;
    --background: #ffffff;
    --border-color: #c7cdd6;
    --border-radius: 0.5rem;
    --gap: 0.75rem;
    --font: inherit;
    --drop-zone-background: #f8fafc;
    --drop-zone-active-background: #e0ecff;
    --track-color: #e5e7eb;
    --indicator-color: var(--accent-color);
    --success-color: #15803d;
    --error-color: #b91c1c;
    --warning-color: #b45309;
    --progress-height: 0.5rem;
    --focus-ring: 3px solid var(--accent-color);

    display: block;
    color: var(--text-color);
    font: var(--font);
  }

  :host([hidden]) {
    display: none;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: var(--gap);
  }

  .drop-zone {
    border: 2px dashed var(--border-color);
    border-radius: var(--border-radius);
    background: var(--drop-zone-background);
  }

  :host([drag-over]) .drop-zone {
    border-color: var(--accent-color);
    background: var(--drop-zone-active-background);
  }

  .drop-zone:focus-within {
    outline: var(--focus-ring);
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
    color: var(--accent-color);
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
    border-inline-start: 4px solid var(--error-color);
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    color: var(--error-color);
  }

  .message p,
  .summary,
  .notice,
  .interrupted-title {
    margin: 0;
  }

  .notice {
    border-inline-start: 4px solid var(--warning-color);
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
    background: var(--muted-color);
  }

  .summary {
    color: var(--muted-color);
  }

  .file-list {
    display: flex;
    flex-direction: column;
    gap: var(--gap);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .file {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas:
      'name size'
      'progress progress'
      'state actions';
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.75rem;
    border: 1px solid var(--border-color);
    border-radius: var(--border-radius);
    background: var(--background);
  }

  .name {
    grid-area: name;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }

  .size {
    grid-area: size;
    color: var(--muted-color);
    font-variant-numeric: tabular-nums;
  }

  .progress {
    grid-area: progress;
    block-size: var(--progress-height);
    border-radius: calc(var(--progress-height) / 2);
    background: var(--track-color);
    overflow: hidden;
  }

  .indicator {
    block-size: 100%;
    background: var(--indicator-color);
    transition: inline-size 150ms linear;
  }

  .file[data-state='done'] .indicator {
    background: var(--success-color);
  }

  .file[data-state='failed'] .indicator {
    background: var(--error-color);
  }

  .state {
    grid-area: state;
    color: var(--muted-color);
    font-variant-numeric: tabular-nums;
  }

  .file[data-state='failed'] .state {
    color: var(--error-color);
  }

  .actions {
    grid-area: actions;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }

  [part~='button'] {
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    border: 1px solid var(--border-color);
    border-radius: calc(var(--border-radius) / 2);
    background: var(--background);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }

  [part~='button']:hover {
    border-color: var(--accent-color);
  }

  [part~='button']:focus-visible {
    outline: var(--focus-ring);
    outline-offset: 2px;
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
