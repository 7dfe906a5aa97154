import { expect } from '@esm-bundle/chai';
import { html } from 'lit';
import { PacedElement, RENDER_INTERVAL_MS } from '../../src/element/render-pacing.js';

/** Counts its renders; nothing else. */
class PacedProbe extends PacedElement {
  renders = 0;
  protected override render(): unknown {
    this.renders += 1;
    return html`<p>${this.renders}</p>`;
  }
}
customElements.define('paced-probe', PacedProbe);

/** Asks for `followUps` more renders, one from inside each render, and notes when each ran. */
class FollowingProbe extends PacedElement {
  followUps = 0;
  readonly renderedAt: number[] = [];
  protected override render(): unknown {
    this.renderedAt.push(performance.now());
    if (this.followUps > 0) {
      this.followUps -= 1;
      this.requestFollowUp();
    }
    return html`<p>${this.renderedAt.length}</p>`;
  }
}
customElements.define('following-probe', FollowingProbe);

function frame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

async function mounted(): Promise<PacedProbe> {
  const probe = document.createElement('paced-probe') as PacedProbe;
  document.body.append(probe);
  await probe.updateComplete;
  return probe;
}

describe('render pacing', () => {
  afterEach(() => document.querySelectorAll('paced-probe, following-probe').forEach((probe) => probe.remove()));

  it('draws what the engine asks for every frame at most once per interval, and updateComplete waits for it', async () => {
    const probe = await mounted();
    const before = probe.renders;
    const started = performance.now();
    let frames = 0;
    while (performance.now() - started < 5 * RENDER_INTERVAL_MS) {
      probe.requestEngineUpdate();
      frames += 1;
      await frame();
    }
    await probe.updateComplete;
    const elapsed = performance.now() - started;
    const renders = probe.renders - before;
    expect(frames).to.be.greaterThan(renders * 2);
    expect(renders).to.be.at.least(2);
    expect(renders).to.be.at.most(Math.ceil(elapsed / RENDER_INTERVAL_MS) + 1);
  });

  it('renders anything else at the next frame, and cuts a pending engine wait short', async () => {
    const probe = await mounted();
    probe.requestEngineUpdate();
    await probe.updateComplete;
    const before = probe.renders;
    // The engine's render now waits out the interval; the page's request must not.
    probe.requestEngineUpdate();
    await frame();
    probe.requestUpdate();
    let frames = 0;
    let done = false;
    void probe.updateComplete.then(() => (done = true));
    while (!done) {
      await frame();
      frames += 1;
    }
    expect(probe.renders).to.equal(before + 1);
    expect(frames).to.be.at.most(3);
  });

  it('follows a render the engine asked for at its pace, and one the page asked for at the next frame', async () => {
    const probe = document.createElement('following-probe') as FollowingProbe;
    document.body.append(probe);
    await probe.updateComplete;

    probe.followUps = 1;
    probe.requestEngineUpdate();
    await probe.updateComplete;
    const [, engineRender = 0, engineFollowUp = 0] = probe.renderedAt;

    probe.followUps = 1;
    probe.requestUpdate();
    let frames = 0;
    let done = false;
    void probe.updateComplete.then(() => (done = true));
    while (!done) {
      await frame();
      frames += 1;
    }

    expect(probe.renderedAt).to.have.length(5);
    expect(engineFollowUp - engineRender).to.be.at.least(RENDER_INTERVAL_MS - 1);
    expect(frames).to.be.at.most(3);
  });
});
