import type { Target } from '../contracts/target.js';
import * as factories from './built-in.js';

/** Every built-in target with its default options, in the order of built-in.ts. */
export function builtInTargets(): readonly Target[] {
  const all: readonly (() => Target)[] = Object.values(factories);
  return all.map((create) => create());
}
