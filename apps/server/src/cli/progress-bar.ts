/**
 * A progress bar on stderr: redrawn in place on a terminal, one line every few seconds
 * otherwise (CI logs), so long imports and exports always show they are moving.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, detail = ''): void {
    const now = performance.now();
    const interval = this.stream.isTTY ? 100 : 5000;
    if (now - this.lastDraw < interval) return;
    this.lastDraw = now;
    this.draw(done, detail, false);
  }

  finish(done: number, detail = ''): void {
    this.draw(done, detail, true);
  }

  private draw(done: number, detail: string, final: boolean): void {
    const seconds = (performance.now() - this.started) / 1000;
    let bar = '';
    if (this.total && this.total > 0) {
      const fraction = Math.min(1, done / this.total);
      const width = 30;
      const filled = Math.round(fraction * width);
      bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% `;
    }
    const line = `${this.label} ${bar}${detail} ${seconds.toFixed(1)}s`;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    else this.stream.write(`${line}\n`);
  }
}
