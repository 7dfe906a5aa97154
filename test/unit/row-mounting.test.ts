import { expect } from '@esm-bundle/chai';
import type { TaskSnapshot } from '../../src/core/task-snapshot.js';
import type { TaskState } from '../../src/core/task-state.js';
import { listWindow, type ListEntry } from '../../src/element/list-window.js';
import { mountInSteps } from '../../src/element/row-mounting.js';

function tasksIn(states: readonly TaskState[]): TaskSnapshot[] {
  return states.map((state, at) => ({ id: `t${at}`, state }) as TaskSnapshot);
}

/** An entry as a short word: `3` for the row in position 3, `[5]` for a folded run of five. */
function shape(entries: readonly ListEntry[]): string[] {
  return entries.map((entry) => (entry.kind === 'row' ? String(entry.position) : `[${entry.counts.total}]`));
}

const repeat = (state: TaskState, count: number): TaskState[] => Array.from({ length: count }, () => state);

describe('mountInSteps (a render adds a few rows, the next renders the rest)', () => {
  it('adds up to the budget of new rows in list order and leaves the rest out, until every row is shown', () => {
    const entries = listWindow(tasksIn([...repeat('uploading', 3), ...repeat('queued', 4)]), new Set());

    const first = mountInSteps(entries, new Set(), 3);
    const second = mountInSteps(entries, first.shown, 3);
    const third = mountInSteps(entries, second.shown, 3);

    expect([shape(first.entries), first.more]).to.deep.equal([['1', '2', '3'], true]);
    expect([shape(second.entries), second.more]).to.deep.equal([['1', '2', '3', '4', '5', '6'], true]);
    expect([shape(third.entries), third.more]).to.deep.equal([['1', '2', '3', '4', '5', '6', '7'], false]);
  });

  it('keeps the rows it showed before at no cost, and every folded run', () => {
    const entries = listWindow(tasksIn([...repeat('done', 60), ...repeat('uploading', 5)]), new Set());

    const step = mountInSteps(entries, new Set(['t60', 't61']), 1);

    expect(shape(step.entries)).to.deep.equal(['[60]', '61', '62', '63']);
    expect([...step.shown]).to.deep.equal(['t60', 't61', 't62']);
    expect(step.more).to.equal(true);
  });
});
