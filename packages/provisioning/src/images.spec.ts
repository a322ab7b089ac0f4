import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGES, imageFor } from './images.js';

describe('imageFor', () => {
  it('uses the pinned image by default', () => {
    expect(imageFor('neo4j', {})).toBe(DEFAULT_IMAGES.neo4j);
  });

  it('takes an override from IT_<KIND>_IMAGE', () => {
    expect(imageFor('postgres', { IT_POSTGRES_IMAGE: 'registry.local/pg:15' })).toBe('registry.local/pg:15');
  });
});
