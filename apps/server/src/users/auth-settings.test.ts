import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

describe('the auth settings', () => {
  it('keeps the open server by default and enforces accounts with CHORUS_AUTH=on', () => {
    expect(loadConfig({}).auth.enforced).toBe(false);
    expect(loadConfig({ CHORUS_AUTH: 'on' }).auth.enforced).toBe(true);
    expect(() => loadConfig({ CHORUS_AUTH: 'yes' })).toThrow(ConfigError);
  });

  it('refuses to start in production without a SESSION_SECRET, or with a short one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET.*required/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/);
    const secret = 'x'.repeat(32);
    const production = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret }).auth;
    expect(production).toMatchObject({ sessionSecret: secret, secureCookies: true });
  });

  it('seals development sessions with a random secret of its own, on plain-HTTP cookies', () => {
    const [a, b] = [loadConfig({}).auth, loadConfig({}).auth];
    expect(a.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(a.sessionSecret).not.toBe(b.sessionSecret);
    expect(a.secureCookies).toBe(false);
  });
});
