/**
 * A run's files evaluated ahead of the one being recorded, their results taken in file order.
 *
 * A few evaluations are kept going at all times (`evaluating`: what the parsing threads have
 * in hand, and what SIGTERM lets finish): the next one starts as soon as one finishes,
 * whatever the run's thread is busy with meanwhile (a batch made durable and recorded), so
 * the threads are not left waiting for it. Results wait to be recorded, at most `inHand` of
 * them beyond those recorded.
 */
export class Lookahead<T> {
  private launched = 0;
  private finished = 0;
  private recorded = 0;
  /** Set by close(): the run's loop is over, nothing more is started. */
  private closed = false;
  /** Results launched and not yet taken, by index; `settled`: those whose promise has resolved. */
  private readonly pending = new Map<number, T | Promise<T>>();
  private readonly settled = new Set<number>();
  /** take() waiting for its file to be launched. */
  private wake: (() => void) | null = null;

  constructor(
    private readonly count: number,
    /** Starts the evaluation of file i; a promise that never rejects (a failure is a result). */
    private readonly evaluate: (i: number) => T | Promise<T>,
    private readonly limits: { evaluating: number; inHand: number },
    private readonly stopped: () => boolean,
  ) {}

  /** File i's result, once it is in hand; null when the run was stopped before it started. Taken in order, once each. */
  async take(i: number): Promise<T | null> {
    this.launch();
    while (i >= this.launched && !this.stopped()) await new Promise<void>((resolve) => (this.wake = resolve));
    if (i >= this.launched) return null;
    const result = await this.pending.get(i)!;
    this.pending.delete(i);
    this.settled.delete(i);
    return result;
  }

  /** Whether file i's result is in hand (else waiting for it costs the parsing threads nothing). */
  ready(i: number): boolean {
    return i < this.launched && (!(this.pending.get(i) instanceof Promise) || this.settled.has(i));
  }

  /** `count` results are recorded: room for as many more. */
  recordedUpTo(count: number): void {
    this.recorded = count;
    this.launch();
  }

  /** The run's loop is over (done, or failed): the evaluations under way finish, no more start. */
  close(): void {
    this.closed = true;
  }

  private launch(): void {
    while (
      !this.closed && !this.stopped() && this.launched < this.count &&
      this.launched < this.finished + this.limits.evaluating && this.launched < this.recorded + this.limits.inHand
    ) {
      const index = this.launched++;
      const result = this.evaluate(index);
      this.pending.set(index, result);
      if (!(result instanceof Promise)) {
        this.finished++;
        continue;
      }
      void result.then(() => {
        this.settled.add(index);
        this.finished++;
        this.launch();
        const wake = this.wake;
        this.wake = null;
        wake?.();
      });
    }
  }
}
