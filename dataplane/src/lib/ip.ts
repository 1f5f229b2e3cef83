// IP matching for policy `ipCidrs`: IPv4 CIDRs, and exact matches for everything else (IPv6).

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    const byte = Number(part);
    if (!Number.isInteger(byte) || byte < 0 || byte > 255 || part === "") return null;
    value = value * 256 + byte;
  }
  return value;
}

/** "::ffff:10.0.0.1" (IPv4-mapped, as Bun reports it) → "10.0.0.1". */
export function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip;
}

export function ipMatchesCidr(ip: string, cidr: string): boolean {
  const address = normalizeIp(ip);
  const [range, bitsText] = cidr.split("/");
  if (!range) return false;
  if (bitsText === undefined) return normalizeIp(range) === address;
  const base = ipv4ToInt(range);
  const value = ipv4ToInt(address);
  const bits = Number(bitsText);
  if (base === null || value === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  return Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits));
}
