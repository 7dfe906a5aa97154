import { html, type TemplateResult } from 'lit';
import type { Translation } from '../i18n/translation.js';

export interface DropZoneView {
  readonly t: Translation;
  readonly multiple: boolean;
  /** Pick a folder (its files, recursively) instead of files. */
  readonly directory: boolean;
  readonly disabled: boolean;
  readonly dragOver: boolean;
  readonly accept: string;
}

export interface DropZoneHandlers {
  readonly pick: () => void;
  readonly picked: (event: Event) => void;
  readonly drag: (event: DragEvent) => void;
  readonly drop: (event: DragEvent) => void;
}

/**
 * The drop area, whose whole face is one real button that opens the file input, so Tab
 * reaches it once and Enter or Space opens the picker natively. Drag events are taken on the
 * wrapper because a disabled button receives none, and an unhandled drop would navigate away.
 */
export function dropZone(view: DropZoneView, on: DropZoneHandlers): TemplateResult {
  const { t, multiple, disabled, dragOver } = view;
  return html`
    <div
      part="drop-zone"
      class="drop-zone"
      @dragenter=${on.drag}
      @dragover=${on.drag}
      @dragleave=${on.drag}
      @drop=${on.drop}
    >
      <button type="button" class="pick" ?disabled=${disabled} @click=${on.pick}>
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 16V4m0 0-5 5m5-5 5 5M4 20h16" />
        </svg>
        ${dragOver
          ? html`<span dir=${t.$dir}>${t.dropHere}</span>`
          : html`<span dir=${t.$dir}>${t.dropZone(multiple)} <span class="choose">${view.directory ? t.chooseFolder : t.chooseFiles(multiple)}</span></span>`}
      </button>
      <input
        type="file"
        hidden
        tabindex="-1"
        ?multiple=${multiple || view.directory}
        ?webkitdirectory=${view.directory}
        ?disabled=${disabled}
        accept=${view.accept}
        @change=${on.picked}
      />
    </div>
  `;
}
