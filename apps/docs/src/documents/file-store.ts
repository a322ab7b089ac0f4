import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
}

/**
 * Content-addressed files: a file is written to a temporary name while it is hashed, then
 * renamed to its SHA-256 (atomic on one file system), so a reader never sees half a file
 * and identical uploads are stored once.
 */
export function createFileStore(root: string) {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256);
  return {
    pathOf,
    /** `beforeKeeping` may throw to discard the file, e.g. when the upload hit the size limit. */
    async write(content: Readable, beforeKeeping: (file: StoredFile) => void = () => undefined): Promise<StoredFile> {
      await mkdir(join(root, 'tmp'), { recursive: true });
      const temporary = join(root, 'tmp', randomUUID());
      const hash = createHash('sha256');
      let sizeBytes = 0;
      content.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        sizeBytes += chunk.length;
      });
      try {
        await pipeline(content, createWriteStream(temporary, { flags: 'wx' }));
        const sha256 = hash.digest('hex');
        beforeKeeping({ sha256, sizeBytes });
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
        await rename(temporary, pathOf(sha256));
        return { sha256, sizeBytes };
      } finally {
        await rm(temporary, { force: true });
      }
    },
    read: (sha256: string) => readFile(pathOf(sha256)),
    exists: (sha256: string) =>
      stat(pathOf(sha256)).then(
        () => true,
        () => false,
      ),
    remove: (sha256: string) => rm(pathOf(sha256), { force: true }),
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
