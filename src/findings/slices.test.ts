import { Steps } from '../data/steps';
import { runInSlices } from './slices';

/** Squares 1..count, one step each, and records which browser task ran each step. */
function* squares(count: number, log: number[], task: { id: number }): Steps<number[]> {
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    log.push(task.id);
    out.push(i * i);
    yield;
  }
  return out;
}

function run(count: number, budgetMs: number, startAfterPaint = false) {
  const task = { id: 0 };
  const stepTasks: number[] = [];
  let slices = 0;
  return {
    stepTasks,
    get slices() {
      return slices;
    },
    result: new Promise<number[]>((resolve, reject) => {
      runInSlices(squares(count, stepTasks, task), {
        budgetMs,
        startAfterPaint,
        onSlice: () => {
          slices++;
          task.id++;
        },
        onDone: resolve,
        onError: reject,
      });
    }),
  };
}

describe('runInSlices', () => {
  it('runs every step and hands over the result', async () => {
    const running = run(5, 1000);
    await expect(running.result).resolves.toEqual([1, 4, 9, 16, 25]);
    expect(running.slices).toBe(0);
  });

  it('takes one step per slice, each in its own task, when the budget is spent at once', async () => {
    const running = run(4, 0, true);
    await expect(running.result).resolves.toEqual([1, 4, 9, 16]);
    // The step after the last yield returns the result, in a fifth slice.
    expect(running.stepTasks).toEqual([0, 1, 2, 3]);
    expect(running.slices).toBe(4);
  });

  it('does nothing more once stopped', async () => {
    const done = jest.fn();
    const taken: number[] = [];
    let slices = 0;
    const stop = runInSlices(squares(50, taken, { id: 0 }), {
      budgetMs: 0,
      // Stopped from inside the third slice, as a panel's effect cleanup may run between any two.
      onSlice: () => {
        if (++slices === 3) {
          stop();
        }
      },
      onDone: done,
      onError: done,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(taken).toHaveLength(3);
    expect(done).not.toHaveBeenCalled();
  });

  it('reports a step that throws, and runs nothing after it', async () => {
    function* failing(): Steps<string> {
      yield;
      throw new Error('bad lane');
    }
    const done = jest.fn();
    const error = await new Promise((resolve) =>
      runInSlices(failing(), { budgetMs: 0, onDone: done, onError: resolve })
    );
    expect((error as Error).message).toBe('bad lane');
    expect(done).not.toHaveBeenCalled();
  });
});
