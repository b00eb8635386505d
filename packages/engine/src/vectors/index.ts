export {
  WordVectors,
  requireVectors,
  type SharedWordVectors,
  type WordVectorsInfo,
} from './word-vectors.js';
export {
  resolveVectors,
  transferableVectors,
  type WinkVectorsSource,
  type WordVectorsSource,
} from './source.js';
export {
  WINK_VECTORS_MISSING,
  WINK_VECTORS_PACKAGE,
  loadWinkVectors,
  parseWinkVectors,
  winkVectorsPath,
  type LoadWinkOptions,
} from './wink.js';
