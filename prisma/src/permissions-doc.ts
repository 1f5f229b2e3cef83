// Reads the "## Matrix" table of docs/permissions.md, so each app's permission-matrix test can prove
// the documentation states exactly PERMISSIONS (prisma/src/permissions.ts) before walking it.
import { ROLES, type TRole } from "./permissions.ts";

/** The matrix table of the document as action → roles with a ✓. */
export function parseDocumentedMatrix(markdown: string): Record<string, TRole[]> {
  const section = markdown.split(/^## /m).find((part) => part.startsWith("Matrix"));
  if (!section) throw new Error('docs/permissions.md has no "## Matrix" section');
  const lines = section.split("\n");
  const header = lines
    .find((line) => /^\|\s*Action\s*\|/.test(line))
    ?.split("|")
    .map((cell) => cell.trim());
  if (!header) throw new Error("The matrix table has no header row");
  const matrix: Record<string, TRole[]> = {};
  for (const row of lines.filter((line) => /^\|\s*`/.test(line))) {
    const cells = row.split("|").map((cell) => cell.trim());
    const action = cells[1]!.replaceAll("`", "");
    matrix[action] = ROLES.filter((role) => cells[header.indexOf(role)] === "✓");
  }
  return matrix;
}
