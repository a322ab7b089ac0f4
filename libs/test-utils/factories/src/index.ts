export { faker, fakerSeed } from './faker.js';
export { noteFactory, type NoteInput } from './notes.js';
export { userFactory, type UserInput } from './users.js';
