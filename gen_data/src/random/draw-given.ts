/**
 * Rejection sampling: draws until a draw agrees with what has been observed, so that what a
 * resumed run plans for a process follows the process's own distribution given the past that the
 * tables show (a parcel not delivered by now arrives later, as it would have in one long run).
 * Gives up after `tries` draws, when the observation lies far out in the tail: undefined.
 */
export function drawGiven<T>(draw: () => T, agrees: (value: T) => boolean, tries = 64): T | undefined {
  for (let i = 0; i < tries; i++) {
    const value = draw();
    if (agrees(value)) return value;
  }
  return undefined;
}
