import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { packedTarball, ROOT } from './lib/packed-build.js';

const run = promisify(execFile);

interface Named {
  readonly name: string;
}
interface Declaration {
  readonly tagName?: string;
  readonly attributes?: readonly (Named & { readonly fieldName?: string })[];
  readonly members?: readonly (Named & { readonly kind: string; readonly privacy?: string; readonly static?: boolean })[];
  readonly events?: readonly Named[];
  readonly cssParts?: readonly Named[];
  readonly cssProperties?: readonly Named[];
}

/** The first column (or the `column`th) of every row of the README table under `heading`, back-ticks off, `—` left out. */
function tableColumn(readme: string, heading: string, header: string, column = 0): string[] {
  const section = readme.slice(readme.indexOf(heading));
  const start = section.indexOf(`| ${header} |`);
  assert.ok(start >= 0, `${heading}: no table headed "${header}"`);
  const rows = section.slice(start).split('\n');
  const cells: string[] = [];
  for (const row of rows.slice(2)) {
    if (!row.startsWith('|')) break;
    const cell = row.split('|')[column + 1]?.trim() ?? '';
    // A cell may name several members at once (`form`, `validity`, …).
    if (cell !== '—') cells.push(...cell.replace(/`/g, '').split(/,\s*/));
  }
  return cells;
}

/** custom-elements.json as `npm pack` ships it, against the README's reference tables. */
describe('custom-elements.json', { timeout: 600_000 }, () => {
  let element: Declaration;
  let readme: string;
  let packageJson: { customElements?: string };

  before(async () => {
    const tarball = await packedTarball();
    const { stdout } = await run('tar', ['-xzOf', tarball, 'package/custom-elements.json'], { maxBuffer: 16 * 1024 * 1024 });
    const manifest = JSON.parse(stdout) as { modules: { declarations?: Declaration[] }[] };
    const found = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'chunk-uploader');
    assert.ok(found !== undefined, 'the manifest declares <chunk-uploader>');
    element = found;
    readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    packageJson = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout) as { customElements?: string };
  });

  it('is what package.json `customElements` names', () => {
    assert.equal(packageJson.customElements, 'custom-elements.json');
  });

  it('lists every attribute and property of the reference table, attributes tied to their properties', () => {
    const attributes = new Map((element.attributes ?? []).map((attribute) => [attribute.name, attribute.fieldName]));
    const members = new Set((element.members ?? []).filter((member) => member.privacy === undefined && member.static !== true).map((member) => member.name));
    const section = '### Attributes and properties';
    const rows = tableColumn(readme, section, 'attribute').length;
    assert.ok(rows > 10);
    for (const attribute of tableColumn(readme, section, 'attribute')) assert.ok(attributes.has(attribute), `attribute ${attribute}`);
    for (const property of tableColumn(readme, section, 'attribute', 1)) assert.ok(members.has(property), `property ${property}`);
    assert.equal(attributes.get('part-size'), 'partSize');
    for (const member of tableColumn(readme, '### Methods and read-only properties', 'member')) assert.ok(members.has(member.replace(/\(.*$/, '')), `member ${member}`);
  });

  it('lists every event, part and CSS custom property of the reference tables', () => {
    const names = (items: readonly Named[] | undefined): Set<string> => new Set((items ?? []).map((item) => item.name));
    const check = (listed: Set<string>, documented: string[], what: string): void => {
      assert.ok(documented.length > 5, what);
      assert.deepEqual(documented.filter((name) => !listed.has(name)), [], `${what} missing from the manifest`);
      assert.deepEqual([...listed].filter((name) => !documented.includes(name)), [], `${what} missing from the README`);
    };
    check(names(element.events), tableColumn(readme, '### Events', 'event'), 'events');
    check(names(element.cssParts), tableColumn(readme, '### Styling', 'part'), 'parts');
    check(names(element.cssProperties), tableColumn(readme, '### Styling', 'custom property'), 'CSS properties');
  });
});
