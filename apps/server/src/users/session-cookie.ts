import type { IncomingMessage, ServerResponse } from 'node:http';
import { getIronSession, type SessionOptions } from 'iron-session';
import type { AuthSettings } from '../config.js';

interface SessionData {
  userId?: number;
}

/** How long a browser stays signed in without signing in again. */
const SESSION_TTL_S = 7 * 24 * 3600;

/** The browser's sign-in: the user id sealed (encrypted and signed) in an http-only cookie. */
export interface BrowserSession {
  userId(): number | undefined;
  signIn(userId: number): Promise<void>;
  signOut(): void;
}

export function sessionCookie(auth: AuthSettings) {
  const options: SessionOptions = {
    cookieName: 'chorus_session',
    password: auth.sessionSecret,
    ttl: SESSION_TTL_S,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: auth.secureCookies, path: '/' },
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<BrowserSession> => {
    const session = await getIronSession<SessionData>(req, res, options);
    return {
      userId: () => session.userId,
      async signIn(userId) {
        session.userId = userId;
        await session.save();
      },
      signOut: () => session.destroy(),
    };
  };
}
