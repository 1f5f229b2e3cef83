// Turns the register-server form's text areas into the API's shapes.

/** One argument per line when there are several lines; otherwise shell-like words ("quotes" keep spaces). */
export function parseArgs(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (/\r?\n/.test(trimmed)) {
    return trimmed
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  }
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of trimmed.matchAll(pattern)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? match[3] ?? ""));
  }
  return words;
}

export interface TParsedPairs {
  values: Record<string, string>;
  /** 1-based line numbers that are not `name<separator>value`. */
  badLines: number[];
}

/** `KEY=VALUE` lines (env) or `Name: value` lines (headers); blank lines and `#` comments are skipped. */
export function parsePairs(text: string, separator: "=" | ":"): TParsedPairs {
  const values: Record<string, string> = {};
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const at = line.indexOf(separator);
    const name = at > 0 ? line.slice(0, at).trim() : "";
    if (!name) {
      badLines.push(index + 1);
      return;
    }
    values[name] = line.slice(at + 1).trim();
  });
  return { values, badLines };
}
