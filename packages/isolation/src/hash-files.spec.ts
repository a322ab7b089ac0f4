import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashFiles } from './hash-files.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A folder holding `files` (relative path -> content), written in the order given. */
function folderWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hash-files-'));
  folders.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('hashFiles', () => {
  const migrations = { '0001_init.sql': 'CREATE TABLE a ();', 'meta/_journal.json': '{"entries":[]}' };

  it('is 12 hex characters, the same for the same names and contents wherever the folder is and in whatever order they were written', () => {
    const first = hashFiles(folderWith(migrations));
    const reordered = hashFiles(
      folderWith({
        'meta/_journal.json': migrations['meta/_journal.json'],
        '0001_init.sql': migrations['0001_init.sql'],
      }),
    );

    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(reordered).toBe(first);
  });

  it('changes when a file changes, in a nested folder too', () => {
    const before = hashFiles(folderWith(migrations));

    expect(hashFiles(folderWith({ ...migrations, '0001_init.sql': 'CREATE TABLE b ();' }))).not.toBe(before);
    expect(hashFiles(folderWith({ ...migrations, 'meta/_journal.json': '{"entries":[1]}' }))).not.toBe(before);
  });

  it('changes when a file is renamed or moved, with the same content', () => {
    const folder = folderWith(migrations);
    const before = hashFiles(folder);

    renameSync(join(folder, '0001_init.sql'), join(folder, '0002_init.sql'));
    const renamed = hashFiles(folder);
    renameSync(join(folder, '0002_init.sql'), join(folder, 'meta', '0002_init.sql'));

    expect(renamed).not.toBe(before);
    expect(hashFiles(folder)).not.toBe(renamed);
  });

  it('keeps names and contents apart: moving text from a name into the content changes the hash', () => {
    expect(hashFiles(folderWith({ ab: 'c' }))).not.toBe(hashFiles(folderWith({ a: 'bc' })));
  });

  it('hashes several folders, each by paths relative to itself, in the order given', () => {
    const sql = folderWith({ '0001.sql': 'a' });
    const seeds = folderWith({ 'seed.sql': 'b' });

    expect(hashFiles(sql, seeds)).not.toBe(hashFiles(sql));
    expect(hashFiles(sql, seeds)).not.toBe(hashFiles(seeds, sql));
    expect(hashFiles(sql)).toBe(hashFiles(folderWith({ '0001.sql': 'a' })));
  });
});
