// Glob matching for policy conditions ("github__*", "tools/*"): `*` any run, `?` one character.
const compiled = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let regexp = compiled.get(glob);
  if (!regexp) {
    const source = glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regexp = new RegExp(`^${source}$`);
    compiled.set(glob, regexp);
  }
  return regexp;
}

export function matchesGlob(value: string, glob: string): boolean {
  if (glob === "*" || glob === value) return true;
  return globToRegExp(glob).test(value);
}

export function matchesAnyGlob(value: string | undefined, globs: readonly string[]): boolean {
  if (value === undefined) return false;
  return globs.some((glob) => matchesGlob(value, glob));
}
