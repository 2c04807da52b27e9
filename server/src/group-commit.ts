// Group commit: requests that arrive while a transaction runs are written together in the next one,
// so that one fsync makes many records durable. Each caller's promise settles only after the
// transaction holding its request has committed (or failed, then every request in it fails).

/** Most requests one transaction takes; the rest wait for the next. */
const MAX_BATCH = 512;

export type BatchWriter<Request, Result> = (batch: Request[]) => Result[] | Promise<Result[]>;

interface Entry<Request, Result> {
  request: Request;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<Request, Result> {
  #queue: Array<Entry<Request, Result>> = [];
  #running: Promise<void> | null = null;
  #scheduled = false;
  readonly #write: BatchWriter<Request, Result>;

  constructor(write: BatchWriter<Request, Result>) {
    this.#write = write;
  }

  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#schedule();
    });
  }

  /** Settles once everything submitted so far is written. */
  async drain(): Promise<void> {
    while (this.#running || this.#queue.length > 0 || this.#scheduled) {
      if (this.#running) await this.#running;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #schedule(): void {
    if (this.#running || this.#scheduled) return;
    this.#scheduled = true;
    // After the requests already parsed in this turn of the event loop have joined the queue.
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#running && this.#queue.length > 0) this.#run();
    });
  }

  #run(): void {
    const batch = this.#queue.splice(0, MAX_BATCH);
    let written: Promise<Result[]>;
    try {
      written = Promise.resolve(this.#write(batch.map((entry) => entry.request)));
    } catch (error) {
      written = Promise.reject(error);
    }
    this.#running = written.then(
      (results) => this.#settle(batch, (entry, index) => entry.resolve(results[index]!)),
      (error: unknown) => this.#settle(batch, (entry) => entry.reject(error)),
    );
  }

  /**
   * The next batch is handed to the writer before this one's callers hear back, so that the writer
   * works on it while this thread answers them: with a writer on another thread, the two overlap.
   */
  #settle(batch: Array<Entry<Request, Result>>, answer: (entry: Entry<Request, Result>, index: number) => void): void {
    this.#running = null;
    if (this.#queue.length > 0) this.#run();
    batch.forEach(answer);
  }
}
