/**
 * The one source of "now" for domain code and handlers.
 *
 * In AWS this is the system clock. The local runtime replaces the source at start-up so that a
 * month of deadlines can play out in seconds; nothing else should call Date.now() or new Date().
 */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();
let source: Clock = systemClock;

export const now: Clock = () => source();

/** Replace the clock (local runtime and tests). Returns a function that restores the previous one. */
export function setClock(clock: Clock): () => void {
  const previous = source;
  source = clock;
  return () => {
    source = previous;
  };
}
