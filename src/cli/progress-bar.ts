/**
 * A one-line progress bar on stderr. On a terminal it is redrawn in place at most every 100 ms;
 * elsewhere (a log file, CI) only the final line is written, once, by done().
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastLine = '';
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, total: number, detail: string, force = false): void {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    this.lastLine = `${bar} ${(share * 100).toFixed(0).padStart(3)}% ${detail}`;
    const now = Date.now();
    if (!this.stream.isTTY || (!force && now - this.lastDraw < 100)) return;
    this.lastDraw = now;
    this.stream.write(`\r${this.lastLine}\x1b[K`);
  }

  /** Seconds since the bar was created. */
  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  /** Draws the last state once more and ends the line. */
  done(): void {
    if (!this.lastLine) return;
    this.stream.write(this.stream.isTTY ? `\r${this.lastLine}\x1b[K\n` : `${this.lastLine}\n`);
  }
}
