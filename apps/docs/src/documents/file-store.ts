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

/** A received upload, hashed and checked, still under its temporary name. */
export interface ReceivedFile extends StoredFile {
  /** Moves the file to its SHA-256 name; the caller holds that hash's lock. */
  keep(): Promise<void>;
  /** Removes the temporary file, if it was not kept. Always call it. */
  discard(): Promise<void>;
}

/**
 * Content-addressed files: a file is written to a temporary name while it is hashed, then
 * renamed to its SHA-256 (atomic on one file system), so a reader never sees half a file
 * and identical uploads are stored once. Renaming into place and removing a file happen
 * under the hash's lock in the database (see DocumentsRepository), never outside it.
 */
export function createFileStore(root: string) {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256);
  return {
    pathOf,
    /** `check` may throw to discard the file, e.g. when the upload hit the size limit. */
    async receive(content: Readable, check: (file: StoredFile) => void = () => undefined): Promise<ReceivedFile> {
      await mkdir(join(root, 'tmp'), { recursive: true });
      const temporary = join(root, 'tmp', randomUUID());
      const discard = () => rm(temporary, { force: true });
      const hash = createHash('sha256');
      let sizeBytes = 0;
      content.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        sizeBytes += chunk.length;
      });
      try {
        await pipeline(content, createWriteStream(temporary, { flags: 'wx' }));
        const sha256 = hash.digest('hex');
        check({ sha256, sizeBytes });
        const keep = async () => {
          await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
          await rename(temporary, pathOf(sha256));
        };
        return { sha256, sizeBytes, keep, discard };
      } catch (error) {
        await discard();
        throw error;
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
