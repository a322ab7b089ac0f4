import type { Driver, ManagedTransaction, ProfiledPlan, Session } from 'neo4j-driver';
import type pg from 'pg';

/**
 * Budgets on work, not on time: how many statements a request sends to PostgreSQL, which
 * plan PostgreSQL picks for them, and how many db hits a Cypher query costs Neo4j. The
 * numbers are the same on a fast machine and a slow one, so a test can assert them.
 */

export interface RecordedStatement {
  text: string;
  values: unknown[];
}

export interface StatementRecorder {
  /** Runs `work` and gives back every statement the pool sent while it ran (BEGIN and COMMIT too). */
  during<T>(work: () => Promise<T>): Promise<{ value: T; statements: RecordedStatement[] }>;
}

/** What happens while `during(work)` runs, kept apart from what happens before and after. */
function recordingWindow<E>(owner: string) {
  let current: E[] | undefined;
  return {
    current: () => current,
    async during<T>(work: () => Promise<T>): Promise<{ value: T; recorded: E[] }> {
      if (current) throw new Error(`${owner}: during() calls cannot overlap.`);
      const recorded: E[] = [];
      current = recorded;
      try {
        return { value: await work(), recorded };
      } finally {
        current = undefined;
      }
    },
  };
}

const statementOf = (args: unknown[]): RecordedStatement => {
  const [first, second] = args as [unknown, unknown];
  if (typeof first === 'string') return { text: first, values: Array.isArray(second) ? second : [] };
  const config = (first ?? {}) as { text?: unknown; values?: unknown };
  return {
    text: typeof config.text === 'string' ? config.text : String(first),
    // drizzle passes the config without values and the values beside it.
    values: Array.isArray(config.values) ? config.values : Array.isArray(second) ? second : [],
  };
};

/**
 * Records what `pool` sends, from its first connection on: every client the pool opens
 * reports its statements here. Everything on the pool counts, so keep background work
 * (relays, timers) off the pool while you measure.
 */
export function recordStatements(pool: pg.Pool): StatementRecorder {
  if (pool.totalCount > 0)
    throw new Error(
      'recordStatements() needs a pool that has not connected yet: call it right after making the pool, before the app uses it.',
    );
  const window = recordingWindow<RecordedStatement>('recordStatements()');
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      window.current()?.push(statementOf(args));
      return query(...args);
    };
  });
  return {
    during: async (work) => {
      const { value, recorded } = await window.during(work);
      return { value, statements: recorded };
    },
  };
}

export interface PlanNode {
  nodeType: string;
  relationName?: string;
  indexName?: string;
}

interface ExplainedNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: ExplainedNode[];
}

const flatten = (node: ExplainedNode): PlanNode[] => [
  {
    nodeType: node['Node Type'],
    ...(node['Relation Name'] ? { relationName: node['Relation Name'] } : {}),
    ...(node['Index Name'] ? { indexName: node['Index Name'] } : {}),
  },
  ...(node.Plans ?? []).flatMap(flatten),
];

/** Plan steps the planner can be told to avoid (its `enable_*` settings). */
export type PlanStep = 'seqscan' | 'sort' | 'bitmapscan' | 'hashjoin' | 'nestloop' | 'mergejoin';

export interface ExplainOptions {
  /** Steps to price out; sequential scans by default. */
  avoid?: PlanStep[];
  /**
   * Indexes to plan without: dropped inside the rolled-back transaction, to see whether another
   * index serves the statement on its own. It locks the table until the plan is made, so use it
   * on a database of the test's own.
   */
  withoutIndexes?: string[];
}

/**
 * PostgreSQL's plan for a statement (as `recordStatements` caught it), every node of the tree.
 * The steps in `avoid` (sequential scans by default) are priced out, so on a test's few rows
 * the plan still shows what the indexes allow: a Seq Scan left in it means no index can serve
 * the statement; with `avoid: ['seqscan', 'bitmapscan', 'sort']`, a Sort left in it means no
 * index gives its order. Nothing runs: EXPLAIN without ANALYZE only plans, in a rolled-back transaction.
 */
export async function explainStatement(
  pool: pg.Pool,
  statement: RecordedStatement,
  options: ExplainOptions = {},
): Promise<PlanNode[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const step of options.avoid ?? ['seqscan']) await client.query(`SET LOCAL enable_${step} = off`);
    for (const index of options.withoutIndexes ?? [])
      await client.query(`DROP INDEX ${client.escapeIdentifier(index)}`);
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: ExplainedNode }] }>(
      `EXPLAIN (FORMAT JSON) ${statement.text}`,
      statement.values,
    );
    return flatten(result.rows[0]!['QUERY PLAN'][0].Plan);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

export interface ProfiledQuery {
  query: string;
  dbHits: number;
  rows: number;
  /** The profiled plan, one operator a line with its db hits, for a failure message. */
  plan: string;
}

export interface CypherProfiler {
  /** Give this driver to the app: its queries run as usual, and as PROFILE inside `during`. */
  driver: Driver;
  /** Runs `work` and gives back each query the app ran meanwhile, with the db hits Neo4j counted for it. */
  during<T>(work: () => Promise<T>): Promise<{ value: T; queries: ProfiledQuery[] }>;
}

const dbHitsOf = (plan: ProfiledPlan): number =>
  plan.dbHits + plan.children.reduce((sum, child) => sum + dbHitsOf(child), 0);

const planLines = (plan: ProfiledPlan, depth = 0): string[] => [
  `${'  '.repeat(depth)}${plan.operatorType} (${plan.dbHits} db hits, ${plan.rows} rows) ${String(plan.arguments['Details'] ?? '')}`,
  ...plan.children.flatMap((child) => planLines(child, depth + 1)),
];

const bound = <T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T =>
  new Proxy(target, {
    get(object, property) {
      if (property in overrides) return overrides[property as keyof T];
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });

/**
 * Wraps a driver so that, inside `during`, every query the app runs in a managed transaction
 * (`executeRead`, `executeWrite`) is sent as `PROFILE <query>`: the results are the same, and
 * Neo4j's profile says how many db hits it cost. Outside `during` queries go unchanged.
 * `during` clears Neo4j's query caches first, so the plans measured are made for the graph as it is.
 */
export function profileCypher(driver: Driver): CypherProfiler {
  const window = recordingWindow<ProfiledQuery>('profileCypher()');
  const profiledTransaction = (tx: ManagedTransaction): ManagedTransaction =>
    bound(tx, {
      run: async (query: string, parameters?: Record<string, unknown>) => {
        const recording = window.current();
        if (!recording) return tx.run(query, parameters);
        const result = await tx.run(`PROFILE ${query}`, parameters);
        const profile = result.summary.profile;
        recording.push({
          query,
          dbHits: profile ? dbHitsOf(profile) : 0,
          rows: result.records.length,
          plan: profile ? planLines(profile).join('\n') : '',
        });
        return result;
      },
    });
  const profiledSession = (session: Session): Session =>
    bound(session, {
      executeRead: <T>(work: (tx: ManagedTransaction) => Promise<T>, config?: object) =>
        session.executeRead((tx) => work(profiledTransaction(tx)), config),
      executeWrite: <T>(work: (tx: ManagedTransaction) => Promise<T>, config?: object) =>
        session.executeWrite((tx) => work(profiledTransaction(tx)), config),
    });
  return {
    driver: bound(driver, {
      session: (...args: Parameters<Driver['session']>) => profiledSession(driver.session(...args)),
    }),
    during: async (work) => {
      // Neo4j keeps a plan for a while after the data under it has changed (10 s by default):
      // a plan made while the test's graph was small would be measured on the big one.
      await driver.executeQuery('CALL db.clearQueryCaches()');
      const { value, recorded } = await window.during(work);
      return { value, queries: recorded };
    },
  };
}
