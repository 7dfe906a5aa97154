/**
 * One file's lifecycle. `uploading` covers per-part retries (they are events, not states);
 * `blocked` means another tab holds this file's upload.
 */
export const TASK_STATES = [
  'queued',
  'preparing',
  'uploading',
  'completing',
  'paused',
  'blocked',
  'done',
  'failed',
  'canceled',
] as const;

export type TaskState = (typeof TASK_STATES)[number];

const TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  queued: ['preparing', 'paused', 'canceled', 'blocked'],
  preparing: ['uploading', 'completing', 'done', 'paused', 'failed', 'canceled', 'queued', 'blocked'],
  uploading: ['completing', 'paused', 'failed', 'canceled', 'preparing'],
  completing: ['done', 'uploading', 'preparing', 'failed', 'canceled'],
  paused: ['queued', 'canceled'],
  // preparing: the other tab let go and this one takes over; failed: a step after the wait
  // failed, which must be reported rather than thrown as an illegal move.
  blocked: ['preparing', 'queued', 'done', 'canceled', 'paused', 'failed'],
  failed: ['queued', 'canceled'],
  done: [],
  canceled: [],
};

export function canTransition(from: TaskState, to: TaskState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws on a move the table does not allow: a bug, never a runtime condition. */
export function assertTransition(from: TaskState, to: TaskState): void {
  if (!canTransition(from, to)) throw new Error(`chunk-uploader: illegal transition ${from} → ${to}`);
}

export function isTerminal(state: TaskState): boolean {
  return state === 'done' || state === 'canceled';
}

/** States in which the task holds or waits for lanes. */
export function isActive(state: TaskState): boolean {
  return state === 'preparing' || state === 'uploading' || state === 'completing';
}
