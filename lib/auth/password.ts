import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt's cost: N=2^17, r=8, p=1 (128 MiB, OWASP's recommendation), stored with each hash. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Hashes computed at once in this process: each holds 128 MiB while it runs. */
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: Array<() => void> = [];

async function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(
        password.normalize("NFC"),
        salt,
        KEY_BYTES,
        { ...cost, maxmem: 256 * cost.N * cost.r + 32 * 1024 * 1024 },
        (error, key) => (error ? reject(error) : resolve(key)),
      ),
    );
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** `scrypt$N$r$p$<salt base64url>$<key base64url>`: the cost travels with the hash. */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return [
    "scrypt",
    cost.N,
    cost.r,
    cost.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

/** Whether `password` matches `stored`; a malformed stored hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

// A hash of nothing anyone can type: sign-ins for unknown names spend the same time.
const decoys = new Map<number, Promise<string>>();
/** Spends a real verification's time, for a sign-in whose user does not exist. */
export async function verifyDecoy(
  password: string,
  cost: ScryptCost = DEFAULT_COST,
): Promise<false> {
  let decoy = decoys.get(cost.N);
  if (!decoy) {
    decoy = hashPassword(randomBytes(32).toString("hex"), cost);
    decoys.set(cost.N, decoy);
  }
  await verifyPassword(password, await decoy);
  return false;
}

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const valid = (value: number, max: number) =>
    Number.isInteger(value) && value > 0 && value <= max;
  // N a power of two; bounds keep a tampered row from asking for gigabytes.
  if (!valid(N, 2 ** 20) || (N & (N - 1)) !== 0 || !valid(r, 32) || !valid(p, 16)) return null;
  const salt = Buffer.from(parts[4], "base64url");
  const key = Buffer.from(parts[5], "base64url");
  if (salt.length < 8 || key.length !== KEY_BYTES) return null;
  return { cost: { N, r, p }, salt, key };
}
