/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, total: number, detail: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const line = `${bar} ${(share * 100).toFixed(0).padStart(3)}% ${detail}`;
    if (this.stream.isTTY) this.stream.write(`\r${line}\x1b[K`);
    else if (force || share === 1) this.stream.write(`${line}\n`);
  }

  /** Seconds since the bar was created. */
  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
