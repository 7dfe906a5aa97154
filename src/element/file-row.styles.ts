import { css } from 'lit';

/** The file list: rows, progress bars, states and buttons. Colours come from chunk-uploader.styles.ts. */
export const rowStyles = css`
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
    grid-template-columns: auto minmax(0, 1fr) auto;
    grid-template-areas:
      'thumb name size'
      'progress progress progress'
      'state state actions';
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.75rem;
    border: 1px solid var(--border);
    border-radius: var(--border-radius);
    background: var(--surface);
  }

  /* A row off screen skips style, layout and paint: a long batch changes rows every frame, and
     those were most of its main-thread time. The remembered size keeps the scrollbar still. */
  .file,
  .folded {
    content-visibility: auto;
    contain-intrinsic-size: auto 6rem;
  }

  /* A long name wraps to two lines, then ends in an ellipsis; the title shows it whole. */
  .name {
    grid-area: name;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    overflow: hidden;
    overflow-wrap: anywhere;
    font-weight: 600;
  }

  /* A run of rows a long list leaves out: its counts, then the button that shows more. */
  .folded {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px dashed var(--border);
    border-radius: var(--border-radius);
    color: var(--muted);
  }

  .thumb {
    grid-area: thumb;
    display: flex;
    align-items: center;
    justify-content: center;
    block-size: 2.5rem;
    min-inline-size: 2.5rem;
    max-inline-size: 4rem;
    overflow: hidden;
    border-radius: calc(var(--border-radius) / 2);
  }

  .thumbnail {
    block-size: 100%;
    inline-size: auto;
    object-fit: cover;
  }

  .file-icon {
    inline-size: 2rem;
    block-size: 2rem;
    fill: none;
    stroke: var(--muted);
    stroke-width: 1.5;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .size {
    grid-area: size;
    color: var(--muted);
    font-variant-numeric: tabular-nums;
  }

  .progress {
    grid-area: progress;
    block-size: var(--progress-height);
    border-radius: calc(var(--progress-height) / 2);
    background: var(--track);
    overflow: hidden;
  }

  /*
   * The bar grows by a transform, not by its width: a moving bar then costs the compositor,
   * not a layout of the list at each frame of its transition.
   */
  .indicator {
    block-size: 100%;
    background: var(--indicator);
    transform-origin: left;
    transition: transform 150ms linear;
  }

  .indicator:dir(rtl) {
    transform-origin: right;
  }

  .file[data-state='done'] .indicator {
    background: var(--success);
  }

  .file[data-state='failed'] .indicator {
    background: var(--error);
  }

  /* A stopped bar must not look like one still moving. */
  .file[data-state='canceled'] .indicator,
  .file[data-state='paused'] .indicator {
    background: var(--stopped);
  }

  .file[data-state='canceled'] .name {
    text-decoration: line-through;
    color: var(--muted);
  }

  .file[data-condition='retrying'] .indicator,
  .file[data-condition='throttled'] .indicator,
  .file[data-condition='stalled'] .indicator,
  .file[data-condition='waiting-for-network'] .indicator,
  .file[data-condition='waiting-for-signature'] .indicator {
    background: var(--warning);
  }

  .file[data-condition='retrying'] .state,
  .file[data-condition='throttled'] .state,
  .file[data-condition='stalled'] .state,
  .file[data-condition='waiting-for-network'] .state {
    color: var(--text-color, var(--_text));
  }
  .state {
    grid-area: state;
    color: var(--muted);
    font-variant-numeric: tabular-nums;
  }

  .file[data-state='failed'] .state {
    color: var(--error);
  }

  .actions {
    grid-area: actions;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }

  [part~='button'] {
    color-scheme: inherit;
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    border: 1px solid var(--border);
    border-radius: calc(var(--border-radius) / 2);
    background: var(--surface);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }

  [part~='button']:hover {
    border-color: var(--accent);
  }

  [part~='button']:focus-visible {
    outline: var(--ring);
    outline-offset: 2px;
  }

  /* Narrow containers: the state line and the buttons stack, the buttons wrap. */
  @container (max-width: 28rem) {
    .file {
      grid-template-areas:
        'thumb name size'
        'progress progress progress'
        'state state state'
        'actions actions actions';
    }

    .actions {
      justify-content: flex-start;
    }
  }
`;
