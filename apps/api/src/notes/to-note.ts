import type { NoteRow } from '../db/schema.js';

/** A note as the api shows it (the `Note` schema): ISO dates, no owner. */
export const toNote = (row: NoteRow) => ({
  id: row.id,
  title: row.title,
  body: row.body,
  tags: row.tags,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
