import type { RowAction } from './templates/file-row.js';
import type { UploaderController } from './uploader-controller.js';
import { focusAfter, focusedRow } from './row-focus.js';

/** What the row and list buttons need of the element. */
export interface ActionHost {
  readonly shadowRoot: ShadowRoot | null;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
}

/** Sends every failed file again (paused ones stay paused). */
export function retryFailed(controller: UploaderController): void {
  for (const task of controller.tasks) if (task.state === 'failed') controller.ownerOf(task.id)?.resume(task.id);
}

/** Takes the uploaded and canceled files off the list. */
export function clearFinished(controller: UploaderController): void {
  for (const task of controller.tasks) {
    if (task.state === 'done' || task.state === 'canceled') controller.ownerOf(task.id)?.remove(task.id);
  }
  controller.prune();
}

/**
 * A row's button: the engine that holds the task does it. When the button goes away under the
 * focus (Cancel, Remove), focus moves on instead of falling to `<body>`.
 */
export function actOnRow(host: ActionHost, controller: UploaderController, action: RowAction, id: string): void {
  const engine = controller.ownerOf(id);
  if (engine === undefined) return;
  const root = host.shadowRoot;
  const order = controller.tasks.map((task) => task.id);
  const refocus = (action === 'cancel' || action === 'remove') && root !== null && focusedRow(root) === id;
  if (action === 'pause') engine.pause(id);
  else if (action === 'resume' || action === 'retry') engine.resume(id);
  else if (action === 'cancel') void engine.cancel(id);
  else {
    engine.remove(id);
    controller.prune();
  }
  host.requestUpdate();
  if (refocus) void host.updateComplete.then(() => focusAfter(root, order, id, action));
}

/** After a list button did its work, it may be gone: focus the drop zone rather than nothing. */
export function refocusAfterList(host: ActionHost): void {
  host.requestUpdate();
  void host.updateComplete.then(() => {
    const root = host.shadowRoot;
    if (root !== null && root.activeElement === null) root.querySelector<HTMLButtonElement>('[part~="drop-zone"] button')?.focus();
  });
}

/**
 * Resolves at the next animation frame, or after 100 ms in a hidden page (which gets none):
 * renders are batched to frames, however many engine events ask for one in between.
 */
export function nextFrame(): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      cancelAnimationFrame(frame);
      resolve();
    }, 100);
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
