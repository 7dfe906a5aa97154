import { expect } from '@esm-bundle/chai';
import { ChunkReader, readRange } from '../../src/hash/read-ranges.js';

const MiB = 1024 * 1024;

/** Byte i is i mod 251, so a chunk read from the wrong offset shows. */
function pattern(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = i % 251;
  return new Blob([bytes]);
}

async function collect(blob: Blob, start: number, end: number): Promise<{ bytes: Uint8Array; chunks: number }> {
  const parts: Uint8Array[] = [];
  await readRange(blob, start, end, (bytes) => parts.push(bytes.slice()), () => false);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, chunks: parts.length };
}

function expectPattern(bytes: Uint8Array, from: number): void {
  const wrong = bytes.findIndex((byte, i) => byte !== (from + i) % 251);
  expect(wrong, `first wrong byte at ${wrong}`).to.equal(-1);
}

describe('read ranges', () => {
  it('reads a small range in one chunk, the whole blob and a part of it alike', async () => {
    const blob = pattern(300_000);

    const whole = await collect(blob, 0, blob.size);
    const middle = await collect(blob, 1_000, 201_000);

    expect([whole.bytes.length, whole.chunks]).to.deep.equal([300_000, 1]);
    expectPattern(whole.bytes, 0);
    expect([middle.bytes.length, middle.chunks]).to.deep.equal([200_000, 1]);
    expectPattern(middle.bytes, 1_000);
  });

  it('streams a range over 1 MiB, in order and complete', async () => {
    const blob = pattern(3 * MiB + 7);

    const { bytes } = await collect(blob, 5, 3 * MiB + 6);

    expect(bytes.length).to.equal(3 * MiB + 1);
    expectPattern(bytes, 5);
  });

  it('reads an empty range as nothing', async () => {
    const { bytes } = await collect(pattern(10), 4, 4);

    expect(bytes.length).to.equal(0);
  });

  it('stops a canceled reader, small or streamed, without another chunk', async () => {
    for (const size of [1_000, 2 * MiB]) {
      const reader = new ChunkReader(pattern(size), 0, size);
      reader.cancel();

      expect(reader.done).to.equal(true);
      expect(await reader.next()).to.equal(undefined);
    }
  });

  it('stops between chunks once the job is canceled', async () => {
    let stop = false;
    let chunks = 0;

    const finished = await readRange(pattern(4 * MiB), 0, 4 * MiB, () => {
      chunks += 1;
      stop = true;
    }, () => stop);

    expect([finished, chunks]).to.deep.equal([false, 1]);
  });
});
