import { Factory } from 'fishery';
import { faker } from './faker.js';

export interface NoteInput {
  title: string;
  body: string;
  tags: string[];
}

const TAGS = ['work', 'home', 'ideas', 'reading', 'travel', 'health', 'finance', 'music'];

/** A note as a client would send it. */
export const noteFactory = Factory.define<NoteInput>(() => ({
  title: faker.lorem.sentence({ min: 2, max: 8 }).slice(0, 200),
  body: faker.lorem.paragraphs({ min: 1, max: 3 }),
  tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 3 }),
}));
