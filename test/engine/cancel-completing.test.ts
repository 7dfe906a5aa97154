import { expect } from '@esm-bundle/chai';
import { UPLOADER_EVENT_NAMES } from '../../src/core/events.js';
import type { Uploader } from '../../src/core/uploader.js';
import type { Protocol } from '../../src/contracts/protocol.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { createQingStorProtocol } from '../../src/protocols/qingstor.js';
import { createS3Protocol } from '../../src/protocols/s3.js';
import { engineFor } from '../helpers/engine.js';
import { recordEvents } from '../helpers/events.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { addFault, openUploads, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * Cancel while `completing` tells the truth (issue 11.1). The chosen rule: a cancel that lands
 * while the completion request is out waits for its outcome. Stored means `done`, with its
 * success event; refused or lost means `canceled`, and the session is aborted.
 */
const TARGETS: readonly { readonly name: string; readonly protocol: () => Protocol }[] = [
  { name: 'oss', protocol: createOssProtocol },
  { name: 's3', protocol: () => createS3Protocol() },
  { name: 'qingstor', protocol: createQingStorProtocol },
];

async function scriptedEngine(protocol: Protocol, prefix: string): Promise<{ uploader: Uploader; transport: ScriptedTransport }> {
  const transport = new ScriptedTransport((await serverUrls()).signer);
  return { uploader: await engineFor(protocol, prefix, { transport }), transport };
}

for (const target of TARGETS) {
  describe(`cancel during completing · ${target.name}`, () => {
    it('reports done, with the success event, when the server stored the object while the answer was held', async () => {
      const prefix = uniquePrefix(`cancel-complete-${target.name}`);
      const file = testFile(150 * KiB, { seed: 111 });
      // The emulator completes the upload at once and answers a second later.
      await addFault(target.name, { op: 'CompleteMultipartUpload', action: 'delay-answer', delayMs: 1000, keyPrefix: prefix });
      const { uploader, transport } = await scriptedEngine(target.protocol(), prefix);
      const recorder = recordEvents(uploader, UPLOADER_EVENT_NAMES);
      const leaving = transport.hold('complete', 'before');

      const [task] = uploader.add([file]);
      (await leaving).release();
      await uploader.cancel(task?.id);
      recorder.stop();

      const snapshot = uploader.task(task?.id ?? '');
      expect(snapshot?.state).to.equal('done');
      const names = recorder.events.map((event) => event.name);
      expect(names.filter((name) => name === 'chunk-upload-success')).to.have.length(1);
      expect((await storedObject(target.name, `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
    });

    it('reports canceled and aborts the session when the completion did not go through', async () => {
      const prefix = uniquePrefix(`cancel-complete-lost-${target.name}`);
      const file = testFile(150 * KiB, { seed: 112 });
      const { uploader, transport } = await scriptedEngine(target.protocol(), prefix);
      const recorder = recordEvents(uploader, UPLOADER_EVENT_NAMES);
      const leaving = transport.hold('complete', 'before');

      const [task] = uploader.add([file]);
      const held = await leaving;
      const canceling = uploader.cancel(task?.id);
      held.release('network-error');
      await canceling;
      recorder.stop();

      expect(uploader.task(task?.id ?? '')?.state).to.equal('canceled');
      const names = recorder.events.map((event) => event.name);
      expect(names).not.to.include('chunk-upload-success');
      expect(names).not.to.include('chunk-upload-error');
      expect(await storedObject(target.name, `${prefix}${file.name}`)).to.equal(null);
      expect(await openUploads(target.name, prefix)).to.deep.equal([]);
    });
  });
}
