export { WordVectors, requireVectors, type WordVectorsInfo } from './word-vectors.js';
export {
  WINK_VECTORS_MISSING,
  WINK_VECTORS_PACKAGE,
  loadWinkVectors,
  parseWinkVectors,
  winkVectorsPath,
  type LoadWinkOptions,
} from './wink.js';
