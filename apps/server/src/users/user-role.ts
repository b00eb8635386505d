import { registerEnumType } from 'type-graphql';

/** What a user may do; each role can do everything the ones after it can, on granted datasets. */
export enum UserRole {
  /** Manages users, datasets, streams and training; sees every dataset. */
  admin = 'admin',
  /** Answers in the streams of the datasets they are granted. */
  annotator = 'annotator',
  /** Reads the datasets they are granted. */
  viewer = 'viewer',
}

registerEnumType(UserRole, { name: 'UserRole', description: 'What a user may do.' });

const RANK: Record<UserRole, number> = { admin: 3, annotator: 2, viewer: 1 };

/** Whether `role` includes what `needed` allows. */
export const roleIncludes = (role: UserRole, needed: UserRole) => RANK[role] >= RANK[needed];
