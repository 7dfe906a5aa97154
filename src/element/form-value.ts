import type { TaskSnapshot } from '../core/task-snapshot.js';
import { isActive } from '../core/task-state.js';
import type { Translation } from './i18n/translation.js';

/** The form's view of the list: one entry per stored file, and whether the form may submit. */
export interface FormState {
  /** Keys of the uploaded objects, in list order. */
  readonly keys: readonly string[];
  readonly flags: ValidityStateFlags;
  /** The translated sentence the browser shows for an invalid state; '' when valid. */
  readonly message: string;
}

export function formStateOf(tasks: readonly TaskSnapshot[], required: boolean, t: Translation): FormState {
  const keys: string[] = [];
  let pending = false;
  let failed = false;
  for (const task of tasks) {
    if (task.state === 'done') {
      if (task.key !== undefined) keys.push(task.result?.key ?? task.key);
    } else if (task.state === 'failed') failed = true;
    else if (task.state === 'queued' || task.state === 'paused' || task.state === 'blocked' || isActive(task.state)) pending = true;
  }
  if (pending) return { keys, flags: { customError: true }, message: t.formPending };
  if (failed) return { keys, flags: { customError: true }, message: t.formFailed };
  if (required && keys.length === 0) return { keys, flags: { valueMissing: true }, message: t.formRequired };
  return { keys, flags: {}, message: '' };
}

/** The value handed to the form: one `name` entry per key, so `FormData.getAll(name)` lists them. */
export function formValueOf(name: string, keys: readonly string[]): FormData | null {
  if (name === '' || keys.length === 0) return null;
  const data = new FormData();
  for (const key of keys) data.append(name, key);
  return data;
}
