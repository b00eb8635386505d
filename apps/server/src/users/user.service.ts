import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { Dataset } from '../datasets/dataset.entity.js';
import { checkName, findDataset } from '../datasets/dataset.service.js';
import { newApiToken, tokenHash } from './api-tokens.js';
import { hashPassword, passwordMatches } from './passwords.js';
import { UserRole } from './user-role.js';
import { ApiToken, DatasetGrant, User } from './user.entity.js';

export interface NewUser {
  name: string;
  role: UserRole;
  password: string;
}

export async function findUser(em: EntityManager, name: string): Promise<User> {
  const user = await em.findOne(User, { name });
  if (!user) throw new NotFoundError('user', name);
  return user;
}

export async function addUser(em: EntityManager, input: NewUser): Promise<User> {
  const name = checkName(input.name);
  if (!Object.values(UserRole).includes(input.role))
    throw new InputError(`expected ${Object.values(UserRole).join(', ')}`, { field: 'role' });
  if (await em.count(User, { name })) throw new ConflictError(`user "${name}" already exists`);
  const user = em.create(User, {
    name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    createdAt: new Date(),
  });
  await em.flush();
  return user;
}

/** Lets a user read (or answer in) one dataset; granting twice is harmless. */
export async function grantDataset(em: EntityManager, userName: string, datasetName: string) {
  const user = await findUser(em, userName);
  const dataset = await findDataset(em, datasetName);
  if (!(await em.count(DatasetGrant, { user, dataset })))
    em.create(DatasetGrant, { user, dataset, createdAt: new Date() });
  await em.flush();
  return { user, dataset };
}

export interface UserWithGrants {
  user: User;
  datasets: string[];
}

export async function listUsers(em: EntityManager): Promise<UserWithGrants[]> {
  const users = await em.find(User, {}, { orderBy: { name: 'asc' } });
  const grants = await em.find(DatasetGrant, {}, { populate: ['dataset'] });
  return users.map((user) => ({
    user,
    datasets: grants
      .filter((grant) => grant.user.id === user.id)
      .map((grant) => grant.dataset.name)
      .sort(),
  }));
}

/** The datasets a user may see: all of them for an admin, the granted ones otherwise. */
export async function grantedDatasetIds(em: EntityManager, user: User): Promise<Set<number>> {
  const datasets =
    user.role === UserRole.admin
      ? await em.find(Dataset, {}, { fields: ['id'] })
      : (await em.find(DatasetGrant, { user }, { fields: ['dataset'] })).map((g) => g.dataset);
  return new Set(datasets.map((dataset) => dataset.id));
}

/** The user with that name and password, or undefined (which of the two was wrong is not said). */
export async function userForPassword(
  em: EntityManager,
  name: string,
  password: string,
): Promise<User | undefined> {
  const user = (await em.findOne(User, { name })) ?? undefined;
  return (await passwordMatches(password, user?.passwordHash)) ? user : undefined;
}

export interface CreatedToken {
  token: string;
  record: ApiToken;
}

/** A new API token for a user; the token itself exists only in the answer. */
export async function createApiToken(
  em: EntityManager,
  userName: string,
  label?: string,
): Promise<CreatedToken> {
  const user = await findUser(em, userName);
  const token = newApiToken();
  const record = em.create(ApiToken, {
    user,
    label: label?.trim() || undefined,
    tokenHash: tokenHash(token),
    createdAt: new Date(),
  });
  await em.flush();
  return { token, record };
}

/** Every token, or one user's, newest first. */
export function listApiTokens(em: EntityManager, owner?: User): Promise<ApiToken[]> {
  return em.find(ApiToken, owner ? { user: owner } : {}, {
    populate: ['user'],
    orderBy: { id: 'desc' },
  });
}

/** Revokes a token; with `owner`, only one of theirs (another's answers NOT_FOUND). */
export async function revokeApiToken(
  em: EntityManager,
  id: number,
  owner?: User,
): Promise<ApiToken> {
  const record = await em.findOne(ApiToken, owner ? { id, user: owner } : { id }, {
    populate: ['user'],
  });
  if (!record) throw new NotFoundError('API token', String(id));
  record.revokedAt ??= new Date();
  await em.flush();
  return record;
}

/** How stale `lastUsedAt` may get: writing it on every request would cost a write per read. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The user a bearer token stands for, unless it is unknown or revoked. */
export async function userForApiToken(em: EntityManager, token: string): Promise<User | undefined> {
  const record = await em.findOne(
    ApiToken,
    { tokenHash: tokenHash(token), revokedAt: null },
    { populate: ['user'] },
  );
  if (!record) return undefined;
  const now = new Date();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await em.nativeUpdate(ApiToken, { id: record.id }, { lastUsedAt: now });
  }
  return record.user;
}
