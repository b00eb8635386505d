import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthCheckerFn } from 'type-graphql';
import { Dataset } from '../datasets/dataset.entity.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { Stream } from '../streams/stream.entity.js';
import { grantedDatasetIds } from './user.service.js';
import { roleIncludes, UserRole } from './user-role.js';
import type { User } from './user.entity.js';

/** Which dataset an operation touches, named by one of its arguments. */
interface DatasetScope {
  kind: 'dataset' | 'stream';
  /** Dotted path into the arguments; a list on the way (`inputs.stream`) names several. */
  argument: string;
}

/** The one rule of an operation: the least role, and the dataset it must be granted. */
export interface AccessRule {
  role: UserRole;
  scope?: DatasetScope;
}

/** `@Authorized(can(UserRole.annotator, inStream('input.stream')))` */
export const can = (role: UserRole, scope?: DatasetScope): AccessRule => ({ role, scope });
export const inDataset = (argument = 'name'): DatasetScope => ({ kind: 'dataset', argument });
export const inStream = (argument = 'stream'): DatasetScope => ({ kind: 'stream', argument });

function namesAt(args: unknown, dottedPath: string): string[] {
  let values: unknown[] = [args];
  for (const key of dottedPath.split('.'))
    values = values
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .map((value) => (value as Record<string, unknown> | undefined)?.[key]);
  return [...new Set(values.flat().filter((v): v is string => typeof v === 'string'))];
}

async function datasetIdOf(em: EntityManager, scope: DatasetScope, name: string) {
  if (scope.kind === 'dataset')
    return (await em.findOne(Dataset, { name }, { fields: ['id'] }))?.id;
  return (await em.findOne(Stream, { name }, { fields: ['dataset'] }))?.dataset.id;
}

/**
 * Checks a non-admin's grant on every dataset the arguments name. An ungranted dataset answers
 * exactly as a missing one does, so nobody learns what exists outside their grants.
 */
async function requireGrants(context: Context, user: User, scope: DatasetScope, args: unknown) {
  const granted = await grantedDatasetIds(context.em, user);
  for (const name of namesAt(args, scope.argument)) {
    const id = await datasetIdOf(context.em, scope, name);
    if (id === undefined || !granted.has(id)) throw new NotFoundError(scope.kind, name);
  }
}

/**
 * type-graphql's `authChecker`: every `@Authorized` rule of the schema is decided here. With
 * `CHORUS_AUTH=off` everything is allowed, as before accounts existed.
 */
export const checkAccess: AuthCheckerFn<Context, AccessRule> = async ({ context, args }, rules) => {
  if (!context.authEnforced) return true;
  const user = context.viewer.user;
  if (!user) throw new UnauthenticatedError();
  for (const rule of rules) {
    if (!roleIncludes(user.role, rule.role))
      throw new ForbiddenError(
        `${rule.role === UserRole.admin ? 'an admin' : `an ${rule.role}`} only`,
      );
    if (rule.scope && user.role !== UserRole.admin)
      await requireGrants(context, user, rule.scope, args);
  }
  return true;
};
