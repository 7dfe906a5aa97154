import { expect } from '@esm-bundle/chai';
import { en } from '../../src/element/i18n/en.js';
import { formatAge, formatBytes, formatDuration, formatPercent, formatSpeed } from '../../src/element/i18n/localize.js';
import { zhCn } from '../../src/element/i18n/zh-cn.js';

describe('the element\'s number and time formatting', () => {
  it('spells whole seconds coarsely, per language', () => {
    expect(formatDuration(400, en)).to.equal('1 s');
    expect(formatDuration(185_000, en)).to.equal('3 min 5 s');
    expect(formatDuration(180_000, en)).to.equal('3 min');
    expect(formatDuration(1_500_000, en)).to.equal('25 min');
    expect(formatDuration(2 * 3600_000 + 10 * 60_000, en)).to.equal('2 h 10 min');
    expect(formatDuration(2 * 3600_000, en)).to.equal('2 h');
    expect(formatDuration(185_000, zhCn)).to.equal('3分5秒');
    expect(formatDuration(1_500_000, zhCn)).to.equal('25分钟');
    expect(formatDuration(2 * 3600_000 + 10 * 60_000, zhCn)).to.equal('2小时10分钟');
  });

  it('writes sizes, speeds and percents as the translations expect', () => {
    expect(formatBytes(0, en)).to.equal('0 B');
    expect(formatBytes(999, en)).to.equal('999 B');
    expect(formatBytes(1_050_000, en)).to.equal('1.1 MB');
    expect(formatBytes(2_000_000, en)).to.equal('2 MB');
    expect(formatBytes(123_456_789, en)).to.equal('123 MB');
    expect(formatSpeed(12_340_000, zhCn)).to.equal('12.3 MB/秒');
    expect(formatPercent(0.425, en)).to.equal('43%');
    expect(formatPercent(1.2, en), 'clamped').to.equal('100%');
    expect(formatAge(0, 5 * 60_000, en)).to.equal('5 minutes ago');
    expect(formatAge(0, 3600_000, en)).to.equal('1 hour ago');
    expect(formatAge(0, 2 * 86_400_000, zhCn)).to.equal('2天前');
  });

  it('builds no Intl formatter: the first one a page makes is a long task of ICU set-up', () => {
    const made: string[] = [];
    const names = ['NumberFormat', 'RelativeTimeFormat', 'DurationFormat'] as const;
    const intl = Intl as unknown as Record<string, unknown>;
    const originals = names.map((name) => intl[name]);
    for (const name of names) {
      intl[name] = function () {
        made.push(name);
        throw new Error(`Intl.${name} made`);
      };
    }
    try {
      formatBytes(5_000_000, zhCn);
      formatSpeed(5_000_000, en);
      formatPercent(0.5, zhCn);
      formatDuration(4321_000, en);
      formatAge(0, 4 * 3600_000, en);
    } finally {
      names.forEach((name, index) => (intl[name] = originals[index]));
    }
    expect(made).to.deep.equal([]);
  });
});
