/** Rejects with `timeout after N ms` when `work` takes longer (a dead store can hang a call). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`timeout after ${ms} ms`), { code: 'ETIMEOUT' })), ms);
  });
  work.catch(() => undefined); // a late failure of the abandoned call is not an unhandled rejection
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
