/** The share of the last `size` answers where the model's guess matched the annotator. */
export class RollingAccuracy {
  private readonly hits: boolean[] = [];
  private correct = 0;

  constructor(private readonly size: number) {}

  add(predictedAccept: boolean, accepted: boolean): void {
    const hit = predictedAccept === accepted;
    this.hits.push(hit);
    if (hit) this.correct++;
    if (this.hits.length > this.size && this.hits.shift()) this.correct--;
  }

  get value(): number | null {
    return this.hits.length === 0 ? null : this.correct / this.hits.length;
  }
}
