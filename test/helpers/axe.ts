import type { AxeResults, RunOptions } from 'axe-core';

interface AxeGlobal {
  run(context: Element, options: RunOptions): Promise<AxeResults>;
}

let loading: Promise<AxeGlobal> | undefined;

/** Loads axe-core's browser build once, as a classic script (it is not an ES module). */
function loadAxe(): Promise<AxeGlobal> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('/node_modules/axe-core/axe.min.js', location.href).href;
    script.onload = () => resolve((globalThis as unknown as { axe: AxeGlobal }).axe);
    script.onerror = () => reject(new Error('could not load axe-core'));
    document.head.append(script);
  });
  return loading;
}

/** axe-core's violations for an element and its shadow tree, as readable lines. */
export async function axeViolations(element: Element): Promise<string[]> {
  const axe = await loadAxe();
  const results = await axe.run(element, { resultTypes: ['violations'] });
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}
