import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * The reaper is a tiny detached Node process that holds the read end of a pipe from us.
 * When this process ends for any reason (normal exit, Ctrl-C, an uncaught error, SIGKILL)
 * the kernel closes the pipe; the reaper sees EOF, stops every server process still
 * registered and deletes every registered directory. Testcontainers' Ryuk does the same
 * for containers. Plain JavaScript so it runs without a TypeScript loader.
 */
const REAPER_SOURCE = `
const { rmSync } = require('node:fs');
const pids = new Map();
const dirs = new Set();
let pending = '';
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function reap() {
  for (const [pid, signal] of pids) { try { process.kill(pid, signal); } catch {} }
  const deadline = Date.now() + 5000;
  while ([...pids.keys()].some(alive) && Date.now() < deadline) await sleep(50);
  for (const pid of pids.keys()) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  await sleep(50);
  for (const dir of dirs) { try { rmSync(dir, { recursive: true, force: true }); } catch {} }
  process.exit(0);
}
process.on('SIGINT', () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\\n')) >= 0) {
    const [op, arg, signal] = pending.slice(0, newline).split('\\t');
    pending = pending.slice(newline + 1);
    if (op === 'pid') pids.set(Number(arg), signal || 'SIGTERM');
    if (op === 'unpid') pids.delete(Number(arg));
    if (op === 'dir') dirs.add(arg);
    if (op === 'undir') dirs.delete(arg);
  }
});
process.stdin.on('end', reap);
process.stdin.on('error', reap);
`;

let reaper: ChildProcess | undefined;

function send(...fields: string[]): void {
  if (!reaper) {
    reaper = spawn(process.execPath, ['-e', REAPER_SOURCE], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    reaper.unref();
    // Do not let the pipe keep this process alive; the kernel closes it when we exit.
    (reaper.stdin as Socket).unref();
  }
  reaper.stdin?.write(`${fields.join('\t')}\n`);
}

/** Stop `pid` with `signal` (then SIGKILL) if this process dies before releasing it. */
export function guardProcess(pid: number, signal: NodeJS.Signals): void {
  send('pid', String(pid), signal);
}

export function releaseProcess(pid: number): void {
  send('unpid', String(pid));
}

/** Delete `dir` if this process dies before releasing it. */
export function guardDirectory(dir: string): void {
  send('dir', dir);
}

export function releaseDirectory(dir: string): void {
  send('undir', dir);
}
