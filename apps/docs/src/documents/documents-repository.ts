import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { chunks, documents, jobs, type DocumentRow } from '../db/schema.js';

/** Serialises writers of one file hash, so a delete and an upload of the same content cannot race. */
const lockHash = (sha256: string) => sql`SELECT pg_advisory_xact_lock(hashtext(${sha256}))`;

export function createDocumentsRepository(db: Database) {
  return {
    /**
     * The document and its processing job commit together: no upload without its job.
     * `placeFile` puts the file in place under the hash lock, so a delete of a document with
     * the same content cannot remove it after this upload is acknowledged.
     */
    create: (
      values: Pick<DocumentRow, 'ownerId' | 'sha256' | 'filename' | 'contentType' | 'sizeBytes'>,
      placeFile: () => Promise<void>,
    ) =>
      db.transaction(async (tx) => {
        await tx.execute(lockHash(values.sha256));
        await placeFile();
        const [document] = await tx.insert(documents).values(values).returning();
        if (!document) throw new Error('INSERT ... RETURNING gave no row');
        await tx.insert(jobs).values({ documentId: document.id });
        return document;
      }),

    /** The document, when it exists and (given an owner) belongs to that owner. */
    get: async (id: string, ownerId?: string) =>
      (
        await db
          .select()
          .from(documents)
          .where(and(eq(documents.id, id), ownerId === undefined ? undefined : eq(documents.ownerId, ownerId)))
      )[0],

    chunkCount: (id: string) => db.$count(chunks, eq(chunks.documentId, id)),

    /**
     * Deletes the document (chunks and job cascade) and, when no other document has the same
     * content, its file: both under the hash lock, before it is released at commit. (Removing
     * the file after the commit let an upload of the same bytes, acknowledged in between, lose
     * its file.) Returns whether there was such a document.
     */
    delete: (ownerId: string, id: string, removeFile: (sha256: string) => Promise<void>) =>
      db.transaction(async (tx) => {
        const [document] = await tx
          .select()
          .from(documents)
          .where(and(eq(documents.id, id), eq(documents.ownerId, ownerId)));
        if (!document) return false;
        await tx.execute(lockHash(document.sha256));
        await tx.delete(documents).where(eq(documents.id, id));
        if ((await tx.$count(documents, eq(documents.sha256, document.sha256))) === 0)
          await removeFile(document.sha256);
        return true;
      }),
  };
}

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;
