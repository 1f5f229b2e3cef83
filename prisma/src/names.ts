// Naming rules shared by the control plane (validation) and the data plane (aggregation).

/** Separator between a server's name and its tool/prompt name in an aggregated namespace. */
export const NAME_SEPARATOR = "__";

/** Server names become tool-name prefixes, so they follow MCP tool-name characters and avoid "__". */
export const SERVER_NAME_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]|_(?!_)){0,47}$/;

/** Slugs appear in URLs: lowercase, digits, single dashes. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export function slugify(input: string): string {
  const slug = input
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return slug || "org";
}

export function prefixedName(serverName: string, name: string): string {
  return `${serverName}${NAME_SEPARATOR}${name}`;
}

/** Splits "server__tool" at the first separator; null when the name has none. */
export function splitPrefixedName(name: string): { serverName: string; name: string } | null {
  const at = name.indexOf(NAME_SEPARATOR);
  if (at <= 0) return null;
  return { serverName: name.slice(0, at), name: name.slice(at + NAME_SEPARATOR.length) };
}
