export {
  PatternParseError,
  parsePatternLine,
  parsePatterns,
  type Pattern,
  type Quantifier,
  type TokenSpec,
} from './parse.js';
export {
  longestNonOverlapping,
  matchPatterns,
  matchTextcatPatterns,
  type PatternMatch,
} from './match.js';
export { PatternStats, type PatternCounts } from './stats.js';
