import { expect } from '@esm-bundle/chai';
import { assertTransition, canTransition, TASK_STATES, type TaskState } from '../../src/core/task-state.js';

describe('task state machine', () => {
  const allowed: readonly [TaskState, TaskState][] = [
    ['queued', 'preparing'],
    ['preparing', 'uploading'],
    ['uploading', 'completing'],
    ['completing', 'done'],
    ['uploading', 'paused'],
    ['paused', 'queued'],
    ['uploading', 'failed'],
    ['failed', 'queued'],
    ['uploading', 'preparing'],
    ['queued', 'blocked'],
    ['blocked', 'queued'],
    ['preparing', 'blocked'],
    ['blocked', 'preparing'],
    ['blocked', 'failed'],
  ];
  for (const [from, to] of allowed) {
    it(`allows ${from} → ${to}`, () => {
      expect(canTransition(from, to)).to.equal(true);
    });
  }

  const illegal: readonly [TaskState, TaskState][] = [
    ['done', 'queued'],
    ['canceled', 'queued'],
    ['queued', 'done'],
    ['paused', 'uploading'],
    ['completing', 'paused'],
  ];
  for (const [from, to] of illegal) {
    it(`throws on ${from} → ${to}`, () => {
      expect(() => assertTransition(from, to)).to.throw(`illegal transition ${from} → ${to}`);
    });
  }

  it('lets every live state be canceled and no terminal state move', () => {
    for (const state of TASK_STATES) {
      if (state === 'done' || state === 'canceled') {
        expect(TASK_STATES.filter((to) => canTransition(state, to))).to.deep.equal([]);
      } else {
        expect(canTransition(state, 'canceled'), state).to.equal(true);
      }
    }
  });
});
