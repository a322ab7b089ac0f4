import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ServerTimeouts } from './server-timeouts.js';

/** Fills a config's defaults, converts env strings, validates; one error names every bad field. */
export function parseConfigWith<T extends TSchema>(schema: T, service: string, input: unknown): Static<T> {
  const value = Value.Convert(schema, Value.Default(schema, structuredClone(input)));
  const errors = Value.Errors(schema, value);
  if (errors.length > 0) {
    throw new Error(
      `Invalid ${service} configuration: ${errors.map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ')}`,
    );
  }
  return value as Static<T>;
}

/** The defined entries of an environment mapping, for building a config input. */
export const definedEntries = (entries: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

/** The log levels a service accepts, for its config schema. */
export const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'silent'].map((level) => Type.Literal(level)),
  { default: 'info' },
);

/**
 * The settings every service has, to spread into its config schema: where it listens, its log
 * level and its HTTP server timeouts.
 */
export const serviceSettings = (defaultPort: number) => ({
  host: Type.String({ default: '0.0.0.0' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort }),
  logLevel: LogLevel,
  server: ServerTimeouts,
});
