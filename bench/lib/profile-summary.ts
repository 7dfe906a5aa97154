/** The parts of a V8 CPU profile (Chrome DevTools protocol `Profiler.Profile`) read here. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }; readonly hitCount?: number }[];
  readonly samples?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** The functions with the most self time, as "12.3 % name (file:line)" lines. */
export function topSelfTime(profile: CpuProfile, count = 12): string[] {
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} (${url.split('/').pop() ?? ''}:${lineNumber + 1})`;
    byName.set(name, (byName.get(name) ?? 0) + (node.hitCount ?? 0));
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => `${((hits / Math.max(1, total)) * 100).toFixed(1)} % ${name}`);
}
