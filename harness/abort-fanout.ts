// One 'abort' listener per signal, however many requests wait on it. A run's interrupt signal is
// shared by every request in flight; a listener per request on it (or AbortSignal.any, which adds
// one too) passes Node's limit of 10 at concurrency 11 and prints a MaxListenersExceededWarning.
// Here each signal gets a single listener that calls the callbacks registered for it.
type Callback = () => void;

const callbacks = new WeakMap<AbortSignal, Set<Callback>>();

/** Call `fn` when `signal` aborts (on the next microtask if it already has). Returns the unsubscribe. */
export function onAbort(signal: AbortSignal, fn: Callback): () => void {
  if (signal.aborted) {
    let live = true;
    queueMicrotask(() => live && fn());
    return () => {
      live = false;
    };
  }
  let set = callbacks.get(signal);
  if (!set) {
    const own = new Set<Callback>();
    set = own;
    callbacks.set(signal, own);
    signal.addEventListener(
      'abort',
      () => {
        callbacks.delete(signal);
        for (const f of [...own]) f();
        own.clear();
      },
      { once: true },
    );
  }
  const registered = set;
  registered.add(fn);
  return () => {
    registered.delete(fn);
  };
}

/** Listeners currently registered for a signal (tests). */
export function pendingAbortCallbacks(signal: AbortSignal): number {
  return callbacks.get(signal)?.size ?? 0;
}
