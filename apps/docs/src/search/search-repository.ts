import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';

export interface SearchHit {
  documentId: string;
  filename: string;
  chunkId: number;
  rank: number;
  snippet: string;
  content: string;
}

type Row = { document_id: string; filename: string; chunk_id: string; rank: number; snippet: string; content: string };

/** Every term of the query, OR-ed: "how many moons does jupiter have" -> 'mani' | 'moon' | 'jupit'. */
const anyTerm = (query: string) =>
  sql`to_tsquery('english', replace(plainto_tsquery('english', ${query})::text, ' & ', ' | '))`;

/**
 * Full-text search over the chunks of one owner's ready documents, ranked by ts_rank. The query is first
 * read as a web search (every term, "quoted phrases", -negation); when nothing matches all
 * of it, as with questions in plain language, any term may match instead.
 */
export function createSearchRepository(db: Database) {
  const run = async (ownerId: string, tsquery: ReturnType<typeof sql>, limit: number) => {
    const result = await db.execute<Row>(sql`
        SELECT c.document_id, d.filename, c.id AS chunk_id, ts_rank(c.tsv, q) AS rank, c.content,
               ts_headline('english', c.content, q, 'MaxFragments=1, MaxWords=35, MinWords=15') AS snippet
        FROM chunks c
        JOIN documents d ON d.id = c.document_id AND d.status = 'ready' AND d.owner_id = ${ownerId},
             ${tsquery} AS q
        WHERE c.tsv @@ q
        ORDER BY rank DESC, c.id
        LIMIT ${limit}`);
    return result.rows;
  };
  return {
    /** Passages of the owner's documents only. */
    async search(ownerId: string, query: string, limit: number): Promise<SearchHit[]> {
      let rows = await run(ownerId, sql`websearch_to_tsquery('english', ${query})`, limit);
      if (rows.length === 0 && !/(^|\s)-\w|"/.test(query)) rows = await run(ownerId, anyTerm(query), limit);
      return rows.map((row) => ({
        documentId: row.document_id,
        filename: row.filename,
        chunkId: Number(row.chunk_id),
        rank: Number(row.rank),
        snippet: row.snippet,
        content: row.content,
      }));
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
