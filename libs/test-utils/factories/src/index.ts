export { faker, fakerSeed } from './faker.js';
export { entityFactory, randomGraph, type EntityInput, type RelationInput } from './graph.js';
export { noteFactory, type NoteInput } from './notes.js';
export { userFactory, type UserInput } from './users.js';
