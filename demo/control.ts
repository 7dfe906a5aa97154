import type { ControlCommand } from '../server/control.js';

/** The playground's servers, mounted by vite.config.ts under /api. */
export const API = '/api';

export async function control<T>(command: ControlCommand): Promise<T> {
  const response = await fetch(`${API}/__control`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(command),
  });
  const body = (await response.json()) as T | { message?: string };
  if (!response.ok) throw new Error((body as { message?: string }).message ?? `control answered ${response.status}`);
  return body as T;
}
