// The last lines a stdio server wrote to stderr: shown in logs and error messages when it dies,
// without letting a chatty server grow memory.
export class StderrRing {
  private lines: string[] = [];
  private partial = "";

  constructor(private readonly maxLines = 200) {}

  append(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split("\n");
    this.partial = (parts.pop() ?? "").slice(-4096);
    for (const line of parts) this.lines.push(line.slice(0, 4096));
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  tail(count = 20): string[] {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(-count);
  }
}
