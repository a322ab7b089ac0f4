import type { FastifyBaseLogger } from 'fastify';
import { int as neo4jInt, type Driver } from 'neo4j-driver';
import { EmbeddingsUnavailableError, type Embedded, type EmbeddingsClient } from './embeddings-client.js';

/** The text an entity is embedded from: everything it says, as search_nodes reads it. */
export const textOfEntity = (entity: { name: string; type: string; observations: string[] }) =>
  [`${entity.name} (${entity.type})`, ...entity.observations].join('. ');

/** The delay before the next try: doubling from `baseMs` to `maxMs`, never sooner than the API asked. */
export function retryDelayMs(attempts: number, options: { baseMs: number; maxMs: number }, retryAfterMs = 0): number {
  const backoff = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, retryAfterMs);
}

export interface EmbeddingJobOptions {
  driver: Driver;
  embeddings: EmbeddingsClient;
  batchSize: number;
  pollMs: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Entities pending this long, written through another instance that may be gone, are taken up too. */
  orphanAfterMs: number;
  log: FastifyBaseLogger;
}

interface Claimed {
  id: string;
  name: string;
  type: string;
  observations: string[];
  version: number;
  attempts: number;
}

/**
 * Embeds entities whose vector is missing or stale, in the background. Each instance embeds what
 * was written through it (the namespaces it was woken for, until none of their entities is
 * pending), and adopts entities pending longer than `orphanAfterMs` whoever wrote them (an
 * instance that stopped, entities from before embeddings were configured). So instances sharing
 * a graph do not take each other's fresh work, and nothing is left behind.
 *
 * An entity is claimed for the length of one try (its retry time moved past the API's timeout, so
 * another instance leaves it alone meanwhile), and a vector is stored only if the entity still
 * says what was embedded: a change during the call makes it pending again, and the vector is
 * dropped. A failed entity is tried again with backoff, for as long as it takes; its attempts and
 * last error show in the status.
 */
export function createEmbeddingJob(options: EmbeddingJobOptions) {
  const { driver, embeddings, log } = options;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  /** Cuts the call in flight when the service stops, instead of waiting out its timeout. */
  const stopping = new AbortController();
  /** Namespaces written through this instance that may still have entities to embed. */
  const mine = new Set<string>();

  async function claim(): Promise<Claimed[]> {
    const now = Date.now();
    const { records } = await driver.executeQuery(
      `MATCH (e:Entity) WHERE e.embedPending = true AND e.embedRetryAt <= $now
         AND (e.namespace IN $mine OR e.embedQueuedAt <= $orphanedBefore)
       WITH e ORDER BY e.embedRetryAt LIMIT $limit
       SET e.embedRetryAt = $leaseUntil
       RETURN elementId(e) AS id, e.name AS name, e.type AS type, e.observations AS observations,
              e.embedVersion AS version, coalesce(e.embedAttempts, 0) AS attempts`,
      {
        now,
        mine: [...mine],
        orphanedBefore: now - options.orphanAfterMs,
        limit: neo4jInt(options.batchSize),
        leaseUntil: now + options.timeoutMs * 2,
      },
    );
    return records.map((record) => ({
      id: record.get('id') as string,
      name: record.get('name') as string,
      type: record.get('type') as string,
      observations: record.get('observations') as string[],
      version: Number(record.get('version')),
      attempts: Number(record.get('attempts')),
    }));
  }

  async function settle(claimed: Claimed[], outcomes: Embedded[] | EmbeddingsUnavailableError): Promise<void> {
    const done: { id: string; version: number; vector: number[] }[] = [];
    const failed: { id: string; version: number; retryAt: number; error: string }[] = [];
    claimed.forEach((entity, index) => {
      const outcome = outcomes instanceof Error ? outcomes : outcomes[index]!;
      if ('vector' in outcome)
        return void done.push({ id: entity.id, version: entity.version, vector: outcome.vector });
      const retryAfterMs = outcomes instanceof Error ? outcomes.retryAfterMs : undefined;
      failed.push({
        id: entity.id,
        version: entity.version,
        retryAt:
          Date.now() +
          retryDelayMs(entity.attempts + 1, { baseMs: options.retryBaseMs, maxMs: options.retryMaxMs }, retryAfterMs),
        error: outcome instanceof Error ? outcome.message : `the vector ${outcome.problem}`,
      });
    });
    // Versions stay integers in the graph (the driver reads them as numbers).
    await driver.executeQuery(
      `UNWIND $done AS d
       MATCH (e:Entity) WHERE elementId(e) = d.id AND e.embedVersion = d.version
       SET e.embedding = d.vector, e.embeddedVersion = d.version, e.embedPending = false, e.embedAttempts = 0,
           e.embedError = null`,
      { done: done.map((d) => ({ ...d, version: neo4jInt(d.version) })) },
    );
    await driver.executeQuery(
      `UNWIND $failed AS f
       MATCH (e:Entity) WHERE elementId(e) = f.id AND e.embedVersion = f.version
       SET e.embedAttempts = coalesce(e.embedAttempts, 0) + 1, e.embedRetryAt = f.retryAt, e.embedError = f.error`,
      { failed: failed.map((f) => ({ ...f, version: neo4jInt(f.version) })) },
    );
    if (failed.length > 0)
      log.warn(
        { failed: failed.length, error: failed[0]!.error },
        'embeddings: entities left pending, tried again later',
      );
  }

  /** One batch: claims, embeds, stores. Returns how many entities it took. */
  async function runOnce(): Promise<number> {
    const claimed = await claim();
    if (claimed.length === 0) return 0;
    const outcomes = await embeddings
      .embed(
        claimed.map((entity) => textOfEntity(entity)),
        options.timeoutMs,
        stopping.signal,
      )
      .catch((error: unknown) => {
        if (error instanceof EmbeddingsUnavailableError) return error;
        throw error;
      });
    await settle(claimed, outcomes);
    return claimed.length;
  }

  /** Forgets the namespaces of this instance that have nothing pending any more. */
  async function forgetFinished(): Promise<void> {
    if (mine.size === 0) return;
    const { records } = await driver.executeQuery(
      `UNWIND $mine AS namespace
       OPTIONAL MATCH (e:Entity {namespace: namespace}) WHERE e.embedPending = true
       WITH namespace, count(e) AS pending WHERE pending = 0 RETURN collect(namespace) AS finished`,
      { mine: [...mine] },
    );
    for (const namespace of records[0]?.get('finished') as string[]) mine.delete(namespace);
  }

  async function run(): Promise<void> {
    while (running) {
      let took = 0;
      try {
        took = await runOnce();
        if (took < options.batchSize) await forgetFinished();
      } catch (error) {
        // Neo4j unreachable, most likely: the job waits for the next poll, the service stays up.
        log.warn({ err: error }, 'embeddings: the job could not run a batch');
      }
      if (took === options.batchSize || !running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }

  return {
    runOnce,
    start: () => {
      if (running) return;
      running = true;
      loop = run();
    },
    /** Entities of `namespace` changed through this instance: embed them now instead of at the next poll. */
    wake: (namespace: string) => {
      mine.add(namespace);
      wakeUp?.();
    },
    stop: async () => {
      running = false;
      stopping.abort();
      wakeUp?.();
      await loop;
    },
  };
}

export type EmbeddingJob = ReturnType<typeof createEmbeddingJob>;
