import { sql } from 'drizzle-orm';
import type { Database } from '../plugins/db.js';

export interface SearchHit {
  documentId: string;
  filename: string;
  chunkId: number;
  rank: number;
  snippet: string;
  content: string;
}

/**
 * Full-text search over the chunks of ready documents: the query is parsed as a web search
 * (quotes, OR, -negation) and hits are ranked by ts_rank.
 */
export function createSearchRepository(db: Database) {
  return {
    async search(query: string, limit: number): Promise<SearchHit[]> {
      const result = await db.execute<{ document_id: string; filename: string; chunk_id: string; rank: number; snippet: string; content: string }>(sql`
        SELECT c.document_id, d.filename, c.id AS chunk_id, ts_rank(c.tsv, q) AS rank, c.content,
               ts_headline('english', c.content, q, 'MaxFragments=1, MaxWords=35, MinWords=15') AS snippet
        FROM chunks c
        JOIN documents d ON d.id = c.document_id AND d.status = 'ready',
             websearch_to_tsquery('english', ${query}) AS q
        WHERE c.tsv @@ q
        ORDER BY rank DESC, c.id
        LIMIT ${limit}`);
      return result.rows.map((row) => ({
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
