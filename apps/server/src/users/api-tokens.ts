import { createHash, randomBytes } from 'node:crypto';

/** The prefix makes a leaked token recognisable to secret scanners and to people. */
const PREFIX = 'chorus_';

/** 256 random bits: too many to guess, so a plain SHA-256 is enough to store it. */
export const newApiToken = () => `${PREFIX}${randomBytes(32).toString('base64url')}`;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
