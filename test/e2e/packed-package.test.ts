import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { publint } from 'publint';
import { createS3Emulator, type S3Emulator } from '../../server/emulators/s3.js';
import { startExampleApp, type ExampleApp } from '../../server/example-apps.js';
import { md5 } from '../server/helpers/package-signer.js';
import { npm, packedTarball, ROOT } from './lib/packed-build.js';

const run = promisify(execFile);
/** The per-target subpaths (`chunk-uploader/providers/<name>`), as vite.config.ts builds them. */
const PROVIDERS = ['oss', 'qiniu', 's3', 'cos-v4', 'qingstor', 'azure', 'qiniu-v2'];

/** Every module a file reaches through static and dynamic imports of relative paths, with the bare specifiers met. */
async function importGraph(entry: string): Promise<{ files: Set<string>; bare: Set<string> }> {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (files.has(file)) return;
    files.add(file);
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) await visit(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
  };
  await visit(entry);
  return { files, bare };
}

/**
 * The package as users get it: `npm pack`, installed into an empty folder with express and the
 * S3 SDK, runs examples/server-express from there (dist/server, not the sources) against our S3
 * emulator; and the browser entries and the server entry share no code.
 */
describe('the packed package', { timeout: 900_000 }, () => {
  let folder: string;
  let installed: string;
  let tarball: string;
  let emulator: S3Emulator;
  let app: ExampleApp | undefined;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'packed-package-'));
    tarball = await packedTarball();
    installed = join(folder, 'app');
    await mkdir(installed);
    await writeFile(join(installed, 'package.json'), JSON.stringify({ name: 'packed-test', private: true, type: 'module' }));
    await npm(['install', '--prefer-offline', '--no-package-lock', tarball, 'react@19', 'react-dom@19', 'express@5', '@aws-sdk/client-s3@3', '@aws-sdk/s3-request-presigner@3'], installed);
    await copyFile(join(ROOT, 'examples/server-express/server.mjs'), join(installed, 'server.mjs'));
    emulator = await createS3Emulator();
  });
  after(async () => {
    await app?.stop();
    await emulator?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('ships dist/server and no sources', async () => {
    const packed = join(installed, 'node_modules/chunk-uploader');
    const top = await readdir(packed);

    assert.deepEqual(top.filter((name) => name !== 'node_modules').sort(), ['README.md', 'custom-elements.json', 'dist', 'package.json']);
    assert.ok((await readdir(join(packed, 'dist/server'))).includes('index.js'));
  });

  it('runs examples/server-express from the installed package and uploads through it (stored MD5 = the bytes\')', async () => {
    app = await startExampleApp('server-express', { s3Endpoint: emulator.url, allowedOrigins: [], cwd: installed });
    const login = await fetch(`${app.origin}/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'pat' });
    const cookie = `sid=${/sid=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? ''}`;
    const call = async (op: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const response = await fetch(`${app?.signerUrl}/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ op, provider: 's3', ...body }) });
      assert.equal(response.status, 200, `${op}: ${await response.clone().text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const bytes = Buffer.from('from the packed tarball\n'.repeat(1000));

    const opened = await call('initiate', { file: { name: 'packed.txt', size: bytes.length, type: 'text/plain', lastModified: 0 } });
    const upload = { key: opened.key, uploadId: opened.uploadId, session: opened.session };
    const part = await call('part', { ...upload, partNumber: 1, contentMd5: md5(bytes, 'base64') });
    const put = await fetch(String(part.url), { method: 'PUT', body: new Uint8Array(bytes), headers: { 'Content-MD5': md5(bytes, 'base64') } });
    await call('complete', { ...upload, parts: [{ partNumber: 1, etag: put.headers.get('etag') }] });

    assert.match(String(opened.key), /^uploads\/pat\//);
    assert.equal(emulator.object(String(opened.key))?.md5, md5(bytes, 'hex'));
  });

  it('keeps browser code out of the server entry and server code out of the browser entries', async () => {
    const dist = join(installed, 'node_modules/chunk-uploader/dist');
    const server = await importGraph(join(dist, 'server/index.js'));
    const browser = await Promise.all(['index.js', 'chunk-uploader.js', 'element.js', 'react.js', 'vue.js'].map((entry) => importGraph(join(dist, entry))));
    const browserFiles = browser.flatMap((graph) => [...graph.files]);
    const browserBare = browser.flatMap((graph) => [...graph.bare]);
    const browserText = (await Promise.all(browserFiles.map((file) => readFile(file, 'utf8')))).join('\n');
    const sdks = ['ali-oss', 'qiniu', 'qingstor-sdk', 'qingstor-sdk/lib/config/browser.js', '@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', '@azure/storage-blob'];

    assert.ok([...server.files].every((file) => relative(join(dist, 'server'), file).split('/')[0] !== '..'), 'the server entry imports only dist/server');
    assert.deepEqual([...server.bare].filter((name) => !name.startsWith('node:') && !sdks.includes(name)), [], 'no browser package on the server side');
    assert.ok(browserFiles.every((file) => !file.startsWith(join(dist, 'server'))), 'no browser entry reaches dist/server');
    // Lit and the frameworks are the app's, so that a page has one copy of each.
    const peers = /^(lit|lit\/.*|@lit\/react|react)$/;
    assert.deepEqual(browserBare.filter((name) => !peers.test(name)), [], 'the browser entries bundle all but Lit and the frameworks');
    for (const marker of ['node:', 'createSigner', 'toNodeHandler', 'ali-oss', '@aws-sdk', 'qingstor-sdk', '@azure/storage-blob']) assert.ok(!browserText.includes(marker), marker);
  });

  it('imports every entry of `exports` in plain Node, with no DOM (server rendering)', async () => {
    const manifest = JSON.parse(await readFile(join(installed, 'node_modules/chunk-uploader/package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(manifest.exports).flatMap((subpath) =>
      subpath === './providers/*' ? ['oss', 'qiniu', 's3', 'cos-v4', 'qingstor', 'azure', 'qiniu-v2'].map((name) => `./providers/${name}`) : [subpath],
    );
    for (const subpath of subpaths) {
      const specifier = `chunk-uploader${subpath.slice(1)}`;
      const attributes = specifier.endsWith('.json') ? ", { with: { type: 'json' } }" : '';
      const script = `const m = await import(${JSON.stringify(specifier)}${attributes}); if (Object.keys(m).length === 0) throw new Error('no exports'); if (typeof window !== 'undefined') throw new Error('a DOM');`;
      await assert.doesNotReject(run(process.execPath, ['--input-type=module', '-e', script], { cwd: installed }), specifier);
    }
    assert.ok(subpaths.includes('./react') && subpaths.includes('./vue') && subpaths.includes('./element'), subpaths.join(' '));
  });

  it('renders <ChunkUploaderReact> to HTML in Node: the tag, its properties set by the browser on hydration (@lit/react)', async () => {
    const script = [
      "import { createElement } from 'react';",
      "import { renderToString } from 'react-dom/server';",
      "import { ChunkUploaderReact } from 'chunk-uploader/react';",
      "process.stdout.write(renderToString(createElement(ChunkUploaderReact, { provider: 's3', endpoint: '/api/upload', onUploadSuccess: () => undefined })));",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: installed });

    assert.equal(stdout, '<chunk-uploader></chunk-uploader>');
  });

  it('passes publint, warnings counted as errors', async () => {
    const bytes = await readFile(tarball);
    const { messages } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, strict: true, level: 'warning' });

    assert.deepEqual(messages, []);
  });

  it('has types that resolve for ESM users (@arethetypeswrong/cli --pack, profile esm-only, every provider subpath too)', async () => {
    // The wildcard `./providers/*` export is not expanded by attw: each provider is named.
    const providers = PROVIDERS.map((name) => `./providers/${name}`);
    const attw = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    const { stdout } = await run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'json', '--include-entrypoints', ...providers], { maxBuffer: 16 * 1024 * 1024 });
    const report = JSON.parse(stdout) as { analysis: { entrypoints: Record<string, unknown> }; problems?: Record<string, { resolutionKind?: string; entrypoint?: string }[]> };
    // esm-only ignores node10 and node16-cjs: an ESM-only package is not for `require`.
    const esmProblems = Object.values(report.problems ?? {})
      .flat()
      .filter((problem) => problem.resolutionKind === undefined || !['node10', 'node16-cjs'].includes(problem.resolutionKind));

    assert.deepEqual(esmProblems, []);
    for (const provider of providers) assert.ok(provider in report.analysis.entrypoints, `attw checked ${provider}`);
  });
});
