import { describe, expect, it } from 'vitest';
import { noteEntityName, noteGraph, noteIdOf, tagEntityName } from './note-graph.js';

const owner = '5b0c7a52-7e55-4a39-9a0b-3f3b7e0d9a11';
const id = '0e9b8a2c-1f7d-4c36-b1a4-0f5d2c9e7b31';

describe('noteGraph', () => {
  it('maps a note to its entity, one entity per tag, and a tagged relation to each', () => {
    expect(noteGraph({ id, ownerId: owner, title: 'Tides', tags: ['sea', 'moon'] })).toEqual({
      entities: [
        { name: `note:${id}`, entityType: 'note', observations: ['Tides'] },
        { name: `tag:${owner}:sea`, entityType: 'tag', observations: ['sea'] },
        { name: `tag:${owner}:moon`, entityType: 'tag', observations: ['moon'] },
      ],
      relations: [
        { from: `note:${id}`, to: `tag:${owner}:sea`, relationType: 'tagged' },
        { from: `note:${id}`, to: `tag:${owner}:moon`, relationType: 'tagged' },
      ],
    });
  });

  it('gives an untagged note no relations', () => {
    expect(noteGraph({ id, ownerId: owner, title: 'Alone', tags: [] }).relations).toEqual([]);
  });

  it('keeps the same tag of two owners apart', () => {
    expect(tagEntityName(owner, 'sea')).not.toBe(tagEntityName(id, 'sea'));
  });
});

describe('noteIdOf', () => {
  it('reads the note id back from a note entity name', () => {
    expect(noteIdOf(noteEntityName(id))).toBe(id);
  });

  it('answers undefined for a tag entity', () => {
    expect(noteIdOf(tagEntityName(owner, 'sea'))).toBeUndefined();
  });
});
