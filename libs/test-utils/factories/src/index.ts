export { faker, fakerSeed } from './faker.js';
export { entityFactory, randomGraph } from './graph.js';
export { noteFactory, type NoteInput } from './notes.js';
export { userFactory, type UserInput } from './users.js';
