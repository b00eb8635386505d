// The one helper for credentials, shared with the server's suites: access rules change there.
export * from '../../apps/server/src/testing/credentials.js';
