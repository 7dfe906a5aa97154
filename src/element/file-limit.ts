import type { TaskSnapshot } from '../core/task-snapshot.js';
import { parseWhole } from './parse-size.js';

/** `max-files` as a limit: a whole number of at least 1; undefined for no limit or a bad value. */
export function parseMaxFiles(value: number | string | undefined): { readonly limit: number | undefined; readonly bad: boolean } {
  if (value === undefined || value === '') return { limit: undefined, bad: false };
  const parsed = parseWhole(value);
  return parsed !== undefined && parsed >= 1 ? { limit: parsed, bad: false } : { limit: undefined, bad: true };
}

/**
 * The files that fit under the limit, in the order given, and how many were turned away.
 * Every listed file counts but canceled ones, which Clear finished or Remove take away.
 */
export function withinLimit<T>(files: readonly T[], limit: number | undefined, listed: readonly TaskSnapshot[]): { readonly fit: T[]; readonly turnedAway: number } {
  if (limit === undefined) return { fit: [...files], turnedAway: 0 };
  const room = Math.max(0, limit - listed.filter((task) => task.state !== 'canceled').length);
  return { fit: files.slice(0, room), turnedAway: Math.max(0, files.length - room) };
}
