// What the bytes of a budgeted bundle are (`npm run size -- --explain`): each module of the
// bundle minified on its own (oxc, as the build minifies), grouped into the parts the README's
// "Size" table names. gzip does not add up module by module (it shares context across the
// file), so each part's share of the bundle's min+gzip figure is its share of the minified
// bytes: an estimate, good to about a tenth, which is enough to say what would have to go.
import { minifySync } from 'rolldown/experimental';

const TARGETS = ['qiniu-v2', 'qiniu', 'oss', 's3', 'qingstor', 'cos-v4', 'azure'];

/** The part of the product a module belongs to, by its path. Order matters: first match wins. */
const PARTS = [
  [/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//, 'Lit'],
  [/src\/element\/i18n\//, 'element: text (en, zh-CN)'],
  [/src\/(element\/|element\.ts|chunk-uploader\.ts)/, 'element: render, intake, controllers'],
  [/hash-worker\.ts\?worker/, 'hash worker (inlined as a string)'],
  [/src\/hash\/(fast-md5|md5-rounds)\.ts/, 'worker: MD5 (our own)'],
  [/node_modules\/crc-32\//, 'worker: CRC-32 (crc-32)'],
  [/src\/hash\/(hash-worker|digesters|read-ranges|paired-ranges)\.ts/, 'worker: glue (ranges, digesters)'],
  [/src\/hash\//, 'engine: hash pool (main thread)'],
  [/node_modules\/@noble\/hashes\//, 'SHA-1 (@noble/hashes)'],
  [/node_modules\/idb-keyval\/|src\/persist\//, 'engine: resume journal (persist, idb-keyval)'],
  ...TARGETS.map((name) => [new RegExp(`src/(protocols|providers)/${name}(\\.ts|/)`), `target: ${name}`]),
  [/src\/protocols\//, 'targets: shared (presigned parts, signer answers, XML)'],
  [/src\/(core|transport|contracts)\/|src\/index\.ts/, 'engine: core (queue, tasks, scheduler, transport)'],
];

function partOf(id) {
  return PARTS.find(([pattern]) => pattern.test(id))?.[1] ?? 'other';
}

function shortId(id, root) {
  return id.replace(root, '').replace(/^.*node_modules\//, 'node_modules/').replace(/^\0/, '');
}

/** `[{ id, part, min }]` for every module of a build's chunks, minified alone. */
export function modulesOf(results, root) {
  const chunks = [results].flat().flatMap((result) => result.output).filter((file) => file.type === 'chunk');
  return chunks.flatMap((chunk) =>
    Object.entries(chunk.modules)
      .filter(([, info]) => typeof info.code === 'string' && info.code !== '')
      .map(([id, info]) => {
        // Module scope is not global: the bundle's minifier renames its top-level names too.
        const min = minifySync(id, info.code, { compress: true, mangle: { toplevel: true } }).code.length;
        return { id: shortId(id, root), part: partOf(id), min };
      }),
  );
}

const kB = (bytes) => (bytes / 1000).toFixed(1).padStart(5);

/** Lines that say what `gzipBytes` (the bundle's measured min+gzip) is made of, part by part. */
export function explain(name, modules, gzipBytes, { all = false } = {}) {
  const total = modules.reduce((sum, module) => sum + module.min, 0);
  const parts = new Map();
  for (const module of modules) parts.set(module.part, [...(parts.get(module.part) ?? []), module]);
  const rows = [...parts.entries()]
    .map(([part, members]) => ({ part, members: members.sort((a, b) => b.min - a.min), min: members.reduce((sum, m) => sum + m.min, 0) }))
    .sort((a, b) => b.min - a.min);
  const lines = [`  ${name}: ${kB(gzipBytes).trim()} kB min+gzip, ${kB(total).trim()} kB minified, ${modules.length} modules`];
  for (const row of rows) {
    lines.push(`    ${kB((gzipBytes * row.min) / total)} kB  ${String(Math.round((100 * row.min) / total)).padStart(3)} %  ${row.part}`);
    const shown = all ? row.members : row.members.slice(0, 4);
    for (const member of shown) lines.push(`                      ${String(member.min).padStart(6)} B  ${member.id}`);
    if (shown.length < row.members.length) {
      const rest = row.members.slice(shown.length);
      lines.push(`                      ${String(rest.reduce((sum, m) => sum + m.min, 0)).padStart(6)} B  (${rest.length} more)`);
    }
  }
  return lines;
}
