/**
 * The CLI's stdout belongs to its result alone (`--json` prints exactly one document
 * there), so everything else that writes to stdout — a library's console.log, a
 * stray warning — is sent to stderr from the moment this module loads. The
 * dispatcher imports it first.
 */
const realStdoutWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

/** Writes the command's result to the real stdout; resolves once it is flushed. */
export function printResult(text: string): Promise<void> {
  return new Promise((resolve) => {
    realStdoutWrite(`${text}\n`, () => resolve());
  });
}

/** One line on stderr, for errors. */
export function printError(message: string): Promise<void> {
  return new Promise((resolve) => {
    process.stderr.write(`${message}\n`, () => resolve());
  });
}
