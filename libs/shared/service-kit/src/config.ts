import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

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
