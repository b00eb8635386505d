export * from './enums.js';
export * from './generated/graphql.js';
export * from './client.js';
