/**
 * Which questions a stream's dataset has answered, and by which sessions: the memory that makes
 * a stream never ask twice. Keys are task hashes for binary recipes and input hashes for manual
 * ones. Answers of excluded datasets close a key for everybody.
 */
export class AnsweredIndex {
  private readonly bySessions = new Map<number, Set<string>>();
  private readonly closed = new Set<number>();

  add(key: number, session: string): void {
    let sessions = this.bySessions.get(key);
    if (!sessions) this.bySessions.set(key, (sessions = new Set()));
    sessions.add(session);
  }

  remove(key: number, session: string): void {
    this.bySessions.get(key)?.delete(session);
  }

  close(key: number): void {
    this.closed.add(key);
  }

  answeredBy(key: number, session: string): boolean {
    return this.closed.has(key) || (this.bySessions.get(key)?.has(session) ?? false);
  }

  /** How many sessions answered; Infinity once an excluded dataset has it. */
  count(key: number): number {
    return this.closed.has(key) ? Infinity : (this.bySessions.get(key)?.size ?? 0);
  }

  get size(): number {
    return this.bySessions.size;
  }
}
