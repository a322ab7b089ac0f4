import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { chunks, documents, jobs, type DocumentRow } from '../db/schema.js';

/** Serialises writers of one file hash, so a delete and an upload of the same content cannot race. */
const lockHash = (sha256: string) => sql`SELECT pg_advisory_xact_lock(hashtext(${sha256}))`;

export function createDocumentsRepository(db: Database) {
  return {
    /** The document and its processing job commit together: no upload without its job. */
    create: (values: Pick<DocumentRow, 'sha256' | 'filename' | 'contentType' | 'sizeBytes'>) =>
      db.transaction(async (tx) => {
        await tx.execute(lockHash(values.sha256));
        const [document] = await tx.insert(documents).values(values).returning();
        if (!document) throw new Error('INSERT ... RETURNING gave no row');
        await tx.insert(jobs).values({ documentId: document.id });
        return document;
      }),

    get: async (id: string) => (await db.select().from(documents).where(eq(documents.id, id)))[0],

    chunkCount: (id: string) => db.$count(chunks, eq(chunks.documentId, id)),

    /**
     * Deletes the document (chunks and job cascade) and tells whether its file is now unused,
     * decided under the hash lock. The caller removes the file only then.
     */
    delete: (id: string) =>
      db.transaction(async (tx) => {
        const [document] = await tx.select().from(documents).where(eq(documents.id, id));
        if (!document) return undefined;
        await tx.execute(lockHash(document.sha256));
        await tx.delete(documents).where(eq(documents.id, id));
        const remaining = await tx.$count(documents, eq(documents.sha256, document.sha256));
        return { document, fileUnused: remaining === 0 };
      }),
  };
}

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;
