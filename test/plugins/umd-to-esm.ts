import type { TestRunnerPlugin } from '@web/test-runner';

/**
 * Serves a few UMD/CommonJS packages (spark-md5, …) as ES modules to the test browser by
 * running them against a local `module`/`exports` pair. Vite does the same for the demo and
 * the library build through its own dependency pre-bundling.
 */
export function umdToEsmPlugin(packages: readonly string[]): TestRunnerPlugin {
  const matches = (path: string): boolean => packages.some((name) => path.includes(`/node_modules/${name}/`));
  return {
    name: 'umd-to-esm',
    transform(context) {
      if (!matches(context.path) || typeof context.body !== 'string') return undefined;
      return {
        body:
          'const module = { exports: {} }; const exports = module.exports; const define = undefined;\n' +
          `${context.body}\nexport default module.exports;\n`,
      };
    },
  };
}
