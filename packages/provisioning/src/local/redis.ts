import { join } from 'node:path';
import { requireOnPath } from '../binaries.js';
import type { RedisInfo } from '../types.js';
import { startLocalServer, type LocalServerHandle, type LocalServerOptions } from './local-server.js';

/** redis-server from PATH, in memory only (no RDB snapshots, no AOF). */
export async function startLocalRedis(options: LocalServerOptions = {}): Promise<LocalServerHandle<RedisInfo>> {
  const command = requireOnPath('redis-server', 'apt-get install redis-server', 'IT_REDIS_URL');
  return startLocalServer<RedisInfo>(
    {
      kind: 'redis',
      spec: (dir, port) => ({
        name: 'redis-server',
        command,
        args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        logFile: join(dir, 'server.log'),
        readyPattern: /Ready to accept connections/,
        startTimeoutMs: 10_000,
        stopSignal: 'SIGTERM',
      }),
      info: (port) => ({ kind: 'redis', provider: 'local', host: '127.0.0.1', port, url: `redis://127.0.0.1:${port}` }),
    },
    options,
  );
}
