/**
 * Work split into steps: a generator that yields between pieces of work of a few milliseconds at most
 * and returns its result. Run it to the end at once with {@link runSteps}, or a slice at a time between
 * browser tasks (the drift panel does) so long work does not block input.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs all the steps at once and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) {
      return next.value;
    }
  }
}
