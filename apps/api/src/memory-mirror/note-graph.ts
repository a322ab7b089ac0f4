import type { Entity, Relation } from '@repo/contracts';

/**
 * How a note looks in the memory graph: an entity `note:<id>` (its title as the observation)
 * tagged with one entity per tag. Tag entities are per owner, so notes of different users
 * never meet in the graph: two notes are related when they share a tag.
 */
export const noteEntityName = (noteId: string) => `note:${noteId}`;
export const tagEntityName = (ownerId: string, tag: string) => `tag:${ownerId}:${tag}`;
export const TAGGED = 'tagged';

/** The note id behind an entity name, or undefined for anything that is not a note. */
export function noteIdOf(entityName: string): string | undefined {
  return entityName.startsWith('note:') ? entityName.slice('note:'.length) : undefined;
}

export interface MirroredNote {
  id: string;
  ownerId: string;
  title: string;
  tags: string[];
}

export function noteGraph(note: MirroredNote): { entities: Entity[]; relations: Relation[] } {
  const self = noteEntityName(note.id);
  return {
    entities: [
      { name: self, entityType: 'note', observations: [note.title] },
      ...note.tags.map((tag) => ({ name: tagEntityName(note.ownerId, tag), entityType: 'tag', observations: [tag] })),
    ],
    relations: note.tags.map((tag) => ({ from: self, to: tagEntityName(note.ownerId, tag), relationType: TAGGED })),
  };
}
