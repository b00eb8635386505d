/**
 * Plain data shapes shared by every part of the engine. Field names follow Prodigy's task format
 * (`text`, `tokens[].start/end/id/ws`, `spans[].start/end/token_start/token_end/label`) so tasks move
 * between Chorus and Prodigy without a converter.
 */

/** One token with character offsets into its text; `end` is exclusive, `ws` says a space follows. */
export interface Token {
  text: string;
  start: number;
  end: number;
  id: number;
  ws: boolean;
}

/** A labelled span: character offsets (end exclusive) and token indices (end inclusive). */
export interface Span {
  start: number;
  end: number;
  token_start: number;
  token_end: number;
  label: string;
}

/** One raw input, optionally already tokenized. */
export interface Input {
  text: string;
  tokens?: Token[];
  meta?: Record<string, unknown>;
}

export type Answer = 'accept' | 'reject' | 'ignore';
