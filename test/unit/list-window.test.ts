import { expect } from '@esm-bundle/chai';
import type { TaskSnapshot } from '../../src/core/task-snapshot.js';
import type { TaskState } from '../../src/core/task-state.js';
import { FOLD_AFTER, listWindow, type ListEntry } from '../../src/element/list-window.js';

/** Snapshots in these states, with ids t0, t1, … (only `id` and `state` matter here). */
function tasksIn(states: readonly TaskState[]): TaskSnapshot[] {
  return states.map((state, at) => ({ id: `t${at}`, state }) as TaskSnapshot);
}

/** An entry as a short word: `3` for the row in position 3, `[5 done 0 waiting]` for a run. */
function shape(entries: readonly ListEntry[]): string[] {
  return entries.map((entry) => (entry.kind === 'row' ? String(entry.position) : `[${entry.counts.total} ${entry.counts.done} done ${entry.counts.waiting} waiting]`));
}

const repeat = (state: TaskState, count: number): TaskState[] => Array.from({ length: count }, () => state);

describe('listWindow (which rows a long list renders)', () => {
  it('renders every row of a list up to the fold limit', () => {
    const tasks = tasksIn([...repeat('done', FOLD_AFTER - 1), 'queued']);

    expect(listWindow(tasks, new Set())).to.have.length(FOLD_AFTER);
  });

  it('folds finished rows and the queue beyond ten, keeps running ones, and keeps order', () => {
    const tasks = tasksIn([...repeat('done', 40), ...repeat('uploading', 6), 'failed', ...repeat('queued', 53)]);

    const entries = listWindow(tasks, new Set());

    expect(shape(entries)).to.deep.equal(['[40 40 done 0 waiting]', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57', '[43 0 done 43 waiting]']);
  });

  it('shows at most thirty running, paused or failed rows, and the kept ones (focused, revealed) wherever they are', () => {
    const tasks = tasksIn([...repeat('paused', 40), ...repeat('done', 20), ...repeat('canceled', 2)]);

    const entries = listWindow(tasks, new Set(['t35', 't50']));

    expect(shape(entries).slice(-6)).to.deep.equal(['30', '[5 0 done 0 waiting]', '36', '[14 10 done 0 waiting]', '51', '[11 9 done 0 waiting]']);
  });

  it('gives files running beyond the thirty the ten places of the queue, so a row is made once as the batch moves on', () => {
    const states = [...repeat('uploading', 64), ...repeat('queued', 100)];
    const shownOf = (list: TaskState[]): Set<string> => new Set(listWindow(tasksIn(list), new Set()).flatMap((entry) => (entry.kind === 'row' ? [entry.task.id] : [])));

    const before = shownOf(states);
    states[0] = 'done';
    states[64] = 'uploading';
    const after = shownOf(states);

    expect(before.size).to.equal(40);
    expect([...after].filter((id) => !before.has(id))).to.deep.equal(['t40']);
    expect([...before].filter((id) => !after.has(id))).to.deep.equal(['t0']);
  });
});
