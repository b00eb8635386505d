export * from './types.js';
export * from './hashing.js';
