/**
 * A number input's text as a number: empty is NaN (not 0, as `Number("")` would give). An unparsable number
 * goes to the server as is, so the server's validation message names the field.
 */
export function numberInput(text: string): number {
  return text.trim() === "" ? Number.NaN : Number(text);
}
