import { expect } from '@esm-bundle/chai';
import { ThroughputEstimator } from '../../src/core/throughput.js';

/** An estimator on a clock the test moves. */
function estimator(): { readonly speed: ThroughputEstimator; advance(ms: number): void } {
  let now = 0;
  return {
    speed: new ThroughputEstimator(() => now),
    advance: (ms) => {
      now += ms;
    },
  };
}

const MB = 1_000_000;

describe('throughput estimator', () => {
  it('says nothing until bytes have moved for a second, then converges on a steady speed', () => {
    const { speed, advance } = estimator();
    const seen: (number | undefined)[] = [];
    for (let tick = 0; tick <= 100; tick += 1) {
      speed.sample(tick * 0.1 * MB); // 1 MB/s in 100 ms steps
      if (tick === 5) seen.push(speed.bytesPerSecond());
      advance(100);
    }
    advance(-100);

    expect(seen[0]).to.equal(undefined);
    expect(speed.bytesPerSecond()!).to.be.closeTo(MB, 0.1 * MB);
    expect(speed.etaMs(5 * MB)!).to.be.closeTo(5000, 600);
  });

  it('does not jump on a burst: a part landing at once moves the estimate by a fraction', () => {
    const { speed, advance } = estimator();
    for (let tick = 0; tick <= 50; tick += 1) {
      speed.sample(tick * 0.1 * MB);
      advance(100);
    }
    const before = speed.bytesPerSecond()!;
    speed.sample(5 * MB + 8 * MB); // 8 MB reported in one 100 ms step
    const after = speed.bytesPerSecond()!;

    expect(after / before).to.be.lessThan(4);
    expect(after).to.be.greaterThan(before);
  });

  it('counts bytes taken back by a failed part as not sent, and sent again as sent', () => {
    const { speed, advance } = estimator();
    for (let tick = 0; tick <= 30; tick += 1) {
      speed.sample(tick * 0.1 * MB);
      advance(100);
    }
    const steady = speed.bytesPerSecond()!;
    speed.sample(1 * MB); // 2 MB in flight were dropped
    advance(100);
    const dropped = speed.bytesPerSecond()!;
    speed.sample(1.1 * MB);

    expect(dropped).to.be.greaterThan(0);
    expect(dropped).to.be.lessThan(steady);
    expect(speed.bytesPerSecond()!).to.be.greaterThan(dropped * 0.9);
  });

  it('lets a stall drag the speed down and the time left up, without new samples', () => {
    const { speed, advance } = estimator();
    for (let tick = 0; tick <= 30; tick += 1) {
      speed.sample(tick * 0.1 * MB);
      advance(100);
    }
    const moving = speed.etaMs(10 * MB)!;
    advance(6000);

    expect(speed.bytesPerSecond()!).to.be.lessThan(0.3 * MB);
    expect(speed.etaMs(10 * MB)!).to.be.greaterThan(3 * moving);
    expect(speed.etaMs(0)).to.equal(0);
  });

  it('starts over after reset()', () => {
    const { speed, advance } = estimator();
    for (let tick = 0; tick <= 30; tick += 1) {
      speed.sample(tick * 0.1 * MB);
      advance(100);
    }
    speed.reset();
    speed.sample(3 * MB);
    advance(100);
    speed.sample(3.1 * MB);

    expect(speed.bytesPerSecond()).to.equal(undefined);
  });
});
