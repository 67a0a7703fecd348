/** Bad command-line input: the message says what to type instead. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
