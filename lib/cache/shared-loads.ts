/**
 * Loads under way, by key: whoever asks for a key while it loads gets that load's promise
 * instead of starting another. Nothing is kept once a load settles.
 */
export class SharedLoads<T> {
  private readonly loading = new Map<string, Promise<T>>();

  load(key: string, start: () => Promise<T>): Promise<T> {
    const under = this.loading.get(key);
    if (under) return under;
    const loading = start().finally(() => this.loading.delete(key));
    this.loading.set(key, loading);
    return loading;
  }
}
