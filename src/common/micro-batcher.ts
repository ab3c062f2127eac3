/**
 * Gathers calls made close together into one batch: the first call starts a short window
 * (`waitMs`), and the batch runs when the window ends or `maxSize` calls have gathered. Each
 * caller gets its own item's result; if the batch fails, every caller in it gets the error.
 * This turns one database round trip (and one commit) per delivery into one per batch.
 */
export class MicroBatcher<I, O> {
  private items: I[] = [];
  private waiters: { resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxSize = 100,
    private readonly waitMs = 2,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      if (this.items.length >= this.maxSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.waitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    if (!items.length) return;
    this.run(items).then(
      (results) => waiters.forEach((w, i) => w.resolve(results[i])),
      (err) => waiters.forEach((w) => w.reject(err)),
    );
  }
}
