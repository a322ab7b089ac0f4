import { Writable } from 'node:stream';

export interface LogLine {
  level: number;
  msg?: string;
  requestId?: string;
  err?: { type?: string; message?: string; stack?: string };
  [field: string]: unknown;
}

/**
 * A log destination for a service under test: keeps every JSON line (pino's format), so a
 * test can assert on what was logged for a request: the fifth outcome after the response,
 * the state, the side effects and the calls out.
 */
export function captureLogs() {
  const lines: LogLine[] = [];
  let pending = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return {
    stream,
    lines,
    /** Every line logged while handling the request with this id. */
    forRequest: (requestId: string) => lines.filter((line) => line.requestId === requestId),
  };
}

export type CapturedLogs = ReturnType<typeof captureLogs>;
