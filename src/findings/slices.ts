import { Steps } from '../data/steps';

/**
 * Runs `callback` in a task after the browser has painted the next frame (a frame callback runs before
 * that paint, a task it queues after it); where nothing paints, as in a hidden tab, in the next task.
 */
export function afterNextPaint(callback: () => void): { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  if (typeof requestAnimationFrame !== 'function' || (typeof document !== 'undefined' && document.hidden)) {
    timer = setTimeout(callback, 0);
  } else {
    frame = requestAnimationFrame(() => {
      frame = undefined;
      timer = setTimeout(callback, 0);
    });
  }
  return {
    cancel: () => {
      if (frame !== undefined) {
        cancelAnimationFrame(frame);
      }
      clearTimeout(timer);
    },
  };
}

/** Runs `run` in the next task, after pending input and paint: a MessageChannel task, without setTimeout's 4 ms clamp. */
function nextTask(run: () => void): () => void {
  if (typeof MessageChannel === 'undefined') {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  const channel = new MessageChannel();
  let cancelled = false;
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) {
      run();
    }
  };
  channel.port2.postMessage(null);
  return () => {
    cancelled = true;
    channel.port1.close();
  };
}

export interface SliceOptions<T> {
  /** How long one slice may run, ms; a slice takes one step at least. */
  budgetMs: number;
  /** Start after the next paint (so what has just rendered shows first) rather than in the next task. */
  startAfterPaint?: boolean;
  /** After each slice that did not finish the work. */
  onSlice?: () => void;
  onDone: (result: T) => void;
  /** A step threw; nothing runs after it. */
  onError: (error: unknown) => void;
}

/**
 * Runs `steps` a slice of about `budgetMs` at a time, each slice in its own browser task, so that long
 * work leaves the browser free to handle input and paint between slices. Returns a function that stops it.
 */
export function runInSlices<T>(steps: Steps<T>, options: SliceOptions<T>): () => void {
  const { budgetMs, startAfterPaint = false, onSlice, onDone, onError } = options;
  let stopped = false;
  let cancel = () => {};
  const slice = () => {
    let result: T;
    try {
      const started = performance.now();
      let next = steps.next();
      while (!next.done && performance.now() - started < budgetMs) {
        next = steps.next();
      }
      if (!next.done) {
        onSlice?.();
        if (!stopped) {
          cancel = nextTask(slice);
        }
        return;
      }
      result = next.value;
    } catch (error) {
      onError(error);
      return;
    }
    onDone(result);
  };
  if (startAfterPaint) {
    cancel = afterNextPaint(slice).cancel;
  } else {
    cancel = nextTask(slice);
  }
  return () => {
    stopped = true;
    cancel();
  };
}
