/**
 * Open uploads per principal, for `maxConcurrentUploads`. An upload holds its slot from
 * initiate until complete or abort, or until it has been idle for `idleMs` (a closed tab never
 * says goodbye). In this process's memory: behind several server processes, each counts its own.
 */
export interface UploadSlots {
  /** False when the principal already holds `limit` live slots. */
  take(principal: string, upload: string, nowMs: number): boolean;
  touch(principal: string, upload: string, nowMs: number): void;
  release(principal: string, upload: string): void;
}

export function createUploadSlots(limit: number | undefined, idleMs: () => number): UploadSlots {
  const open = new Map<string, Map<string, number>>();

  const live = (principal: string, nowMs: number): Map<string, number> => {
    const uploads = open.get(principal) ?? new Map<string, number>();
    for (const [upload, lastSeen] of uploads) if (nowMs - lastSeen > idleMs()) uploads.delete(upload);
    if (uploads.size === 0) open.delete(principal);
    return uploads;
  };

  return {
    take(principal, upload, nowMs) {
      if (limit === undefined) return true;
      const uploads = live(principal, nowMs);
      if (!uploads.has(upload) && uploads.size >= limit) return false;
      uploads.set(upload, nowMs);
      open.set(principal, uploads);
      return true;
    },
    touch(principal, upload, nowMs) {
      if (limit === undefined) return;
      const uploads = live(principal, nowMs);
      uploads.set(upload, nowMs);
      open.set(principal, uploads);
    },
    release(principal, upload) {
      const uploads = open.get(principal);
      uploads?.delete(upload);
      if (uploads?.size === 0) open.delete(principal);
    },
  };
}
