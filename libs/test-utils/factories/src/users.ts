import { Factory } from 'fishery';
import { faker } from './faker.js';

export interface UserInput {
  email: string;
  password: string;
}

/** A user who can register: unique email, a password that meets the policy. */
export const userFactory = Factory.define<UserInput>(({ sequence }) => ({
  email: `${faker.internet.username().replace(/\W/g, '').toLowerCase() || 'user'}.${sequence}.${faker.string.alphanumeric(6).toLowerCase()}@example.test`,
  password: `${faker.internet.password({ length: 14, memorable: false, pattern: /[A-Za-z]/ })}7`,
}));
