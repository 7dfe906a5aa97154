import { expect } from '@esm-bundle/chai';
import { partAt } from '../../src/core/planner.js';
import { reconcile, verifyParts } from '../../src/core/reconcile.js';
import type { Hasher, PartLimits, PartRecord, Protocol, RangeDigests } from '../../src/contracts/protocol.js';

const LIMITS: PartLimits = { minPartSize: 1, maxPartSize: 100, maxParts: 100, firstPartNumber: 1, emptyFileParts: 1 };
const PART = 10;
const SIZE = 25; // parts of 10, 10 and 5 bytes, numbered 1..3
const part = (index: number) => partAt(index, SIZE, PART, LIMITS);

/** A target whose listed parts can be checked by MD5 (`verifying`), or not. */
function target(verifying: boolean, usable = true): Protocol {
  return {
    name: 'oss',
    limits: LIMITS,
    partDigests: [],
    ...(verifying
      ? {
          listedDigests: ['md5'] as const,
          verifyListed: (listed: PartRecord, local: RangeDigests) => listed.etag === local.md5Hex,
          isRecordUsable: () => usable,
        }
      : {}),
    begin: () => Promise.reject(new Error('unused')),
    sendPart: () => Promise.reject(new Error('unused')),
    complete: () => Promise.reject(new Error('unused')),
  };
}

const record = (number: number, size: number, etag: string): PartRecord => ({ number, size, etag });

type Row = readonly [
  label: string,
  verifying: boolean,
  listed: readonly PartRecord[] | undefined,
  records: Readonly<Record<number, PartRecord>>,
  sentHere: readonly number[],
  kept: Readonly<Record<number, PartRecord>>,
  unverified: readonly number[],
];

/** Server list × journal (or this page's records) × whether listed bytes can be verified. */
const ROWS: readonly Row[] = [
  ['listed with our etag, sent from this page: trusted as is', true, [record(1, 10, '"a"')], { 0: record(1, 10, 'a') }, [0], { 0: record(1, 10, 'a') }, []],
  ['listed with our etag, sent from this page, unverifiable target: still trusted', false, [record(1, 10, 'a')], { 0: record(1, 10, 'a') }, [0], { 0: record(1, 10, 'a') }, []],
  ['listed with our etag, from the journal: kept, to be verified', true, [record(1, 10, 'a')], { 0: { ...record(1, 10, 'a'), md5: 'm' } }, [], { 0: { ...record(1, 10, 'a'), md5: 'm' } }, [0]],
  ['listed with another etag: the server record, to be verified', true, [record(1, 10, 'b')], { 0: record(1, 10, 'a') }, [0], { 0: record(1, 10, 'b') }, [0]],
  ['listed, unknown locally: the server record, to be verified', true, [record(2, 10, 'x')], {}, [], { 1: record(2, 10, 'x') }, [1]],
  ['listed, unknown locally, unverifiable target: sent again', false, [record(2, 10, 'x')], {}, [], {}, []],
  ['listed with the wrong size: sent again', true, [record(1, 9, 'a')], { 0: record(1, 10, 'a') }, [0], {}, []],
  ['the short last part, listed at its size: kept', true, [record(3, 5, 'c')], { 2: record(3, 5, 'c') }, [2], { 2: record(3, 5, 'c') }, []],
  ['journaled but not listed: sent again', true, [], { 0: record(1, 10, 'a') }, [0], {}, []],
  ['a part number beyond the plan: ignored', true, [record(4, 10, 'z')], {}, [], {}, []],
  ['no list, sent from this page: trusted', true, undefined, { 0: record(1, 10, 'a') }, [0], { 0: record(1, 10, 'a') }, []],
  ['no list, from the journal, usable: kept, to be verified', true, undefined, { 1: record(2, 10, 'b') }, [], { 1: record(2, 10, 'b') }, [1]],
  ['no list, from the journal, unverifiable target: sent again', false, undefined, { 1: record(2, 10, 'b') }, [], {}, []],
];

describe('reconcile · server list × journal × verification', () => {
  for (const [label, verifying, listed, records, sentHere, kept, unverified] of ROWS) {
    it(label, () => {
      const out = reconcile({
        protocol: target(verifying),
        listed,
        records: new Map(Object.entries(records).map(([index, value]) => [Number(index), value])),
        sentHere: new Set(sentHere),
        partCount: 3,
        part,
        nowMs: 0,
      });
      expect(Object.fromEntries(out.records)).to.deep.equal(kept);
      expect([...out.unverified].sort()).to.deep.equal([...unverified]);
    });
  }

  it('drops a journaled record the target calls unusable (an expired Qiniu ctx) when there is no list', () => {
    const out = reconcile({ protocol: target(true, false), listed: undefined, records: new Map([[0, record(1, 10, 'a')]]), sentHere: new Set(), partCount: 3, part, nowMs: 0 });
    expect(out.records.size).to.equal(0);
  });
});

describe('verifyParts · listed parts against the local bytes', () => {
  /** A hasher whose MD5 of a range is `md5-<start>`; records the ranges it was asked for. */
  function fakeHasher(asked: [number, number][]): Hasher {
    return {
      range: (start, end) => {
        asked.push([start, end]);
        return Promise.resolve({ md5Hex: `md5-${start}` });
      },
      file: () => Promise.reject(new Error('unused')),
    };
  }

  it('checks in part order and returns the parts whose bytes differ', async () => {
    const asked: [number, number][] = [];
    const checked: [number, boolean][] = [];
    const candidates = new Map([
      [2, record(3, 5, 'md5-20')],
      [0, record(1, 10, 'md5-0')],
      [1, record(2, 10, 'other')],
    ]);
    const failed = await verifyParts(target(true), fakeHasher(asked), candidates, part, new AbortController().signal, (index, ok) => checked.push([index, ok]));
    expect(failed).to.deep.equal([1]);
    expect(asked).to.deep.equal([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
    expect(checked).to.deep.equal([
      [0, true],
      [1, false],
      [2, true],
    ]);
  });
});
