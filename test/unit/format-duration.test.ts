import { expect } from '@esm-bundle/chai';
import { en } from '../../src/element/i18n/en.js';
import { formatDuration } from '../../src/element/i18n/localize.js';
import { zhCn } from '../../src/element/i18n/zh-cn.js';

describe('formatDuration', () => {
  it('spells whole seconds coarsely, per language', () => {
    expect(formatDuration(400, en)).to.match(/^1\s?s$/);
    expect(formatDuration(185_000, en)).to.match(/^3\s?m(in)?,? 5\s?s$/);
    expect(formatDuration(2 * 3600_000 + 10 * 60_000, en)).to.match(/^2\s?h,? 10\s?m(in)?$/);
    expect(formatDuration(185_000, zhCn)).to.match(/3.*分.*5.*秒/);
  });

  it('answers a repeated value from its cache, the same text without formatting again', () => {
    const first = formatDuration(4321_000, en);
    const Original = (Intl as unknown as { DurationFormat?: unknown }).DurationFormat;
    const prototype = (Original as { prototype?: { format: (value: object) => string } } | undefined)?.prototype;
    if (prototype === undefined) return;
    const format = prototype.format;
    let calls = 0;
    prototype.format = function (this: unknown, value: object): string {
      calls += 1;
      return format.call(this, value);
    };
    try {
      expect(formatDuration(4321_000, en)).to.equal(first);
      expect(formatDuration(4320_500, en), 'the same whole second').to.equal(first);
      expect(calls).to.equal(0);
      formatDuration(4400_000, en);
      expect(calls).to.equal(1);
    } finally {
      prototype.format = format;
    }
  });
});
