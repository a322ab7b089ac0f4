import type { Entity } from '@repo/contracts';
import { int as neo4jInt, type Driver } from 'neo4j-driver';
import { EmbeddingsUnavailableError, type EmbeddingsClient } from './embeddings-client.js';

export interface SemanticQuery {
  query: string;
  limit: number;
  /** The lowest score returned: the cosine similarity, or in hybrid mode the fused score. */
  minSimilarity: number;
  /** Only entities of these types, when given. */
  entityTypes?: string[];
  /** Fuse the vector and the keyword scores, weighted by semanticWeight. */
  hybrid: boolean;
  /** The share of the vector score in a hybrid score (the keyword score has the rest). */
  semanticWeight: number;
}

export interface SemanticHit extends Entity {
  /** What the ranking is by: the similarity, the fused score, or (degraded) the keyword score. */
  score: number;
  /** Cosine similarity of the entity's vector and the query's, -1 to 1; null without a current vector. */
  similarity: number | null;
  /** The share of the query's words the entity contains, 0 to 1; null in semantic mode. */
  keywordScore: number | null;
}

export interface SemanticResult {
  entities: SemanticHit[];
  mode: 'semantic' | 'hybrid' | 'keyword';
  /** True when the query could not be embedded: the entities are keyword matches. */
  degraded: boolean;
  reason?: string;
}

/** The query's words, lower case, each once; the whole query when it has none. */
export function queryWords(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0 ? [...new Set(words)] : [query.toLowerCase()];
}

const ENTITY = 'e {.name, entityType: e.type, .observations}';
// Neo4j's cosine is scaled to 0..1, (1 + cos) / 2; the service reports the cosine itself.
const SIMILARITY = '2 * vector.similarity.cosine(e.embedding, $vector) - 1';
const CURRENT_VECTOR = 'e.embeddedVersion = e.embedVersion';
const KEYWORD_SCORE = `size([w IN $words WHERE toLower(e.name + ' ' + e.type + ' ' + reduce(s = '', o IN e.observations | s + ' ' + o)) CONTAINS w]) * 1.0 / size($words)`;
const IN_NAMESPACE = `MATCH (e:Entity {namespace: $namespace})
  WHERE e.name IS NOT NULL AND ($types IS NULL OR e.type IN $types)`;

/**
 * Exact scores over the namespace's own entities. Neo4j's vector index (db.index.vector.queryNodes)
 * picks the k nearest of every namespace before any filter, so a busy namespace would crowd another's
 * hits out of its top k; scanning one namespace is complete, and cheap at this scale (see bench:memory).
 */
const CYPHER = {
  semantic: `${IN_NAMESPACE} AND ${CURRENT_VECTOR}
    WITH e, ${SIMILARITY} AS similarity WHERE similarity >= $minSimilarity
    RETURN ${ENTITY}, similarity AS score, similarity, null AS keywordScore
    ORDER BY score DESC, e.name LIMIT $limit`,
  hybrid: `${IN_NAMESPACE}
    WITH e, CASE WHEN ${CURRENT_VECTOR} THEN ${SIMILARITY} END AS similarity, ${KEYWORD_SCORE} AS keywordScore
    WITH e, similarity, keywordScore, $semanticWeight * coalesce(similarity, 0) + (1 - $semanticWeight) * keywordScore AS score
    WHERE score >= $minSimilarity AND (similarity IS NOT NULL OR keywordScore > 0)
    RETURN ${ENTITY}, score, similarity, keywordScore
    ORDER BY score DESC, e.name LIMIT $limit`,
  keyword: `${IN_NAMESPACE}
    WITH e, ${KEYWORD_SCORE} AS keywordScore WHERE keywordScore > 0
    RETURN ${ENTITY}, keywordScore AS score, null AS similarity, keywordScore
    ORDER BY score DESC, e.name LIMIT $limit`,
};

/**
 * Recall by meaning inside one namespace. When the query cannot be embedded (no embeddings API
 * configured, or it is down, slow or rate-limiting), the answer is the keyword matches, flagged
 * `degraded` with the reason: never a 500, never longer than the query timeout.
 */
export function createSemanticSearch(options: {
  driver: Driver;
  embeddings: EmbeddingsClient | null;
  queryTimeoutMs: number;
  neo4jTimeoutMs: number;
}) {
  const { driver, embeddings } = options;

  async function queryVector(query: string): Promise<{ vector: number[] } | { reason: string }> {
    if (!embeddings) return { reason: 'no embeddings API is configured (EMBEDDINGS_URL)' };
    try {
      const [outcome] = await embeddings.embed([query], options.queryTimeoutMs);
      return outcome && 'vector' in outcome
        ? outcome
        : { reason: `the query's vector ${outcome?.problem ?? 'is missing'}` };
    } catch (error) {
      if (error instanceof EmbeddingsUnavailableError) return { reason: error.message };
      throw error;
    }
  }

  return async (namespace: string, query: SemanticQuery): Promise<SemanticResult> => {
    const embedded = await queryVector(query.query);
    const mode = 'reason' in embedded ? 'keyword' : query.hybrid ? 'hybrid' : 'semantic';
    const { records } = await driver.executeQuery(
      CYPHER[mode],
      {
        namespace,
        types: query.entityTypes ?? null,
        vector: 'vector' in embedded ? embedded.vector : null,
        words: queryWords(query.query),
        minSimilarity: query.minSimilarity,
        semanticWeight: query.semanticWeight,
        limit: neo4jInt(query.limit),
      },
      { routing: 'READ', transactionConfig: { timeout: options.neo4jTimeoutMs } },
    );
    return {
      entities: records.map((record) => ({
        ...(record.get('e') as Entity),
        score: record.get('score') as number,
        similarity: record.get('similarity') as number | null,
        keywordScore: record.get('keywordScore') as number | null,
      })),
      mode,
      degraded: mode === 'keyword',
      ...('reason' in embedded ? { reason: embedded.reason } : {}),
    };
  };
}

export type SemanticSearch = ReturnType<typeof createSemanticSearch>;
