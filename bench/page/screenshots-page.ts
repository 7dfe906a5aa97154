import '../../src/chunk-uploader.js';

/**
 * The page `npm run screenshots` photographs: one element with a file in each state. Node
 * (bench/screenshots.ts) sets the faults and the uplink, then calls `shots.show(...)`.
 */

function randomFile(name: string, size: number, type: string): File {
  const chunk = new Uint8Array(Math.min(size, 1 << 20));
  const parts: BlobPart[] = [];
  for (let left = size; left > 0; left -= chunk.length) {
    crypto.getRandomValues(chunk.subarray(0, Math.min(65_536, chunk.length)));
    parts.push(chunk.slice(0, Math.min(left, chunk.length)));
  }
  return new File(parts, name, { type });
}

async function show(endpoint: string, prefix: string): Promise<void> {
  const el = document.createElement('chunk-uploader');
  el.setAttribute('endpoint', endpoint);
  el.setAttribute('multiple', '');
  el.setAttribute('part-size', '1MiB');
  el.setAttribute('concurrency', '6');
  el.objectKey = (file) => `${prefix}${file.name}`;
  el.options = { retry: { baseDelayMs: 45_000, maxDelayMs: 45_000 }, journalName: `shots-${prefix.replace(/\W/g, '')}` };
  document.body.append(el);
  const done = new Promise<void>((resolve) => el.addEventListener('chunk-upload-success', () => resolve(), { once: true }));
  const failed = new Promise<void>((resolve) => el.addEventListener('chunk-upload-error', () => resolve(), { once: true }));
  el.addFiles([
    randomFile('annual-report-2026-final-version-with-all-appendices.pdf', 2_400_000, 'application/pdf'),
    randomFile('holiday-video.mp4', 48_000_000, 'video/mp4'),
    randomFile('measurements.csv', 800_000, 'text/csv'),
    randomFile('photo-0042.jpg', 310_000, 'image/jpeg'),
    randomFile('backup.zip', 9_000_000, 'application/zip'),
  ]);
  const retrying = new Promise<void>((resolve) => el.addEventListener('chunk-upload-retry', () => resolve(), { once: true }));
  await Promise.all([done, failed, retrying]);
  const backup = el.tasks.find((task) => task.name === 'backup.zip');
  if (backup !== undefined) el.uploader?.pause(backup.id);
  await el.updateComplete;
}

Object.assign(globalThis, { shots: { show } });
document.title = 'shots ready';
