import { handlePicker, isPickerCanceled, readDrop, type IncomingFile } from './file-intake.js';
import type { DropZoneHandlers } from './templates/drop-zone.js';

/** What the drop zone needs of the element. */
export interface FileIntakeHost extends Element {
  /** `disabled`, or inside a disabled fieldset or form. */
  readonly intakeDisabled: boolean;
  readonly multiple: boolean;
  readonly directory: boolean;
  readonly accept: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  addFiles(files: readonly IncomingFile[]): unknown;
  requestUpdate(): void;
}

/**
 * Picking and dropping: the picker button, the file input's change, the drag highlight and the
 * drop. Files keep their handles where the browser gives them, so an interrupted upload can be
 * resumed later with one click.
 */
export class FileIntakeHandlers implements DropZoneHandlers {
  #host: FileIntakeHost;
  #dragDepth = 0;
  #pasteTarget: EventTarget | undefined;

  constructor(host: FileIntakeHost) {
    this.#host = host;
  }

  /**
   * Opens the File System Access picker where it can honour `accept`; the file input otherwise,
   * and if that picker fails for any reason but the user closing it.
   */
  pick = (): void => {
    const host = this.#host;
    if (host.intakeDisabled) return;
    // A folder comes through the input (webkitdirectory): its files carry their relative paths.
    const picker = host.directory ? undefined : handlePicker(host.accept);
    if (picker === undefined) {
      this.#input()?.click();
      return;
    }
    picker(host.multiple).then(
      (files) => {
        if (files.length > 0 && !host.intakeDisabled) host.addFiles(files);
      },
      (error: unknown) => {
        if (!isPickerCanceled(error)) this.#input()?.click();
      },
    );
  };

  picked = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    if (!this.#host.intakeDisabled && files.length > 0) this.#host.addFiles(this.#host.multiple ? files : files.slice(0, 1));
    // Cleared so that picking the same file again fires another change.
    input.value = '';
  };

  drag = (event: DragEvent): void => {
    // Every drag over the zone is claimed, so a drop here never makes the browser open the file.
    event.preventDefault();
    if (event.dataTransfer !== null) event.dataTransfer.dropEffect = this.#host.intakeDisabled ? 'none' : 'copy';
    if (event.type === 'dragenter') this.#dragDepth += 1;
    if (event.type === 'dragleave') this.#dragDepth = Math.max(0, this.#dragDepth - 1);
    this.#setDragOver(!this.#host.intakeDisabled && this.#dragDepth > 0);
  };

  drop = (event: DragEvent): void => {
    const host = this.#host;
    event.preventDefault();
    this.#dragDepth = 0;
    this.#setDragOver(false);
    if (host.intakeDisabled) return;
    readDrop(event.dataTransfer).then(
      (files) => {
        if (files.length > 0 && !host.intakeDisabled) host.addFiles(host.multiple ? files : files.slice(0, 1));
      },
      () => undefined,
    );
  };

  /** Files pasted while the element (or, with `paste="document"`, the page) has focus. */
  paste = (event: ClipboardEvent): void => {
    const host = this.#host;
    const files = Array.from(event.clipboardData?.files ?? []);
    // Text pastes go on as usual; only files are taken.
    if (host.intakeDisabled || files.length === 0) return;
    event.preventDefault();
    host.addFiles(host.multiple ? files : files.slice(0, 1));
  };

  /** Takes pastes on `target` (the element, or the document for `paste="document"`); undefined stops. */
  listenForPaste(target: EventTarget | undefined): void {
    if (target === this.#pasteTarget) return;
    this.#pasteTarget?.removeEventListener('paste', this.paste as EventListener);
    target?.addEventListener('paste', this.paste as EventListener);
    this.#pasteTarget = target;
  }

  #input(): HTMLInputElement | null {
    return this.#host.renderRoot.querySelector('input[type="file"]');
  }

  #setDragOver(over: boolean): void {
    if (this.#host.hasAttribute('drag-over') === over) return;
    this.#host.toggleAttribute('drag-over', over);
    this.#host.requestUpdate();
  }
}
