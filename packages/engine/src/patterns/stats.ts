/**
 * Accept/reject counts per pattern id, from the answers to pattern-matched tasks, so a recipe can
 * report each pattern's precision and retire the ones annotators keep rejecting.
 */
import type { Answer } from '../types.js';

export interface PatternCounts {
  accept: number;
  reject: number;
  ignore: number;
}

export class PatternStats {
  private readonly counts = new Map<string, PatternCounts>();

  /** Counts one answer to a task proposed by `patternId`. */
  record(patternId: string, answer: Answer): void {
    let counts = this.counts.get(patternId);
    if (counts === undefined) {
      counts = { accept: 0, reject: 0, ignore: 0 };
      this.counts.set(patternId, counts);
    }
    counts[answer]++;
  }

  get(patternId: string): PatternCounts {
    return { ...(this.counts.get(patternId) ?? { accept: 0, reject: 0, ignore: 0 }) };
  }

  /** accept / (accept + reject); null before any accept or reject (ignores do not count). */
  precision(patternId: string): number | null {
    const { accept, reject } = this.get(patternId);
    return accept + reject === 0 ? null : accept / (accept + reject);
  }

  /** Every pattern with answers, with its counts and precision. */
  entries(): { pattern: string; counts: PatternCounts; precision: number | null }[] {
    return [...this.counts.keys()].map((pattern) => ({
      pattern,
      counts: this.get(pattern),
      precision: this.precision(pattern),
    }));
  }

  toJSON(): Record<string, PatternCounts> {
    return Object.fromEntries([...this.counts].map(([id, counts]) => [id, { ...counts }]));
  }

  static fromJSON(json: Record<string, PatternCounts>): PatternStats {
    const stats = new PatternStats();
    for (const [id, counts] of Object.entries(json)) stats.counts.set(id, { ...counts });
    return stats;
  }
}
