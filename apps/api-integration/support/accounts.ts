import { userFactory, type UserInput } from '@repo/factories';
import type supertest from 'supertest';
import { expect } from 'vitest';

type Http = ReturnType<typeof supertest>;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export async function register(http: Http, overrides: Partial<UserInput> = {}): Promise<UserInput & { id: string }> {
  const user = userFactory.build(overrides);
  const response = await http.post('/auth/register').send(user);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { ...user, id: (response.body as { id: string }).id };
}

export async function logIn(http: Http, user: UserInput): Promise<TokenPair> {
  const response = await http.post('/auth/login').send({ email: user.email, password: user.password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as TokenPair;
}

export const bearer = (tokens: TokenPair) => ({ authorization: `Bearer ${tokens.accessToken}` });

/** A registered, logged-in user and the header that authenticates as them. */
export async function signedInUser(http: Http, overrides: Partial<UserInput> = {}) {
  const user = await register(http, overrides);
  const tokens = await logIn(http, user);
  return { user, tokens, auth: bearer(tokens) };
}
