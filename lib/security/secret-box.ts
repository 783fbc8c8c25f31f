import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Encrypts secrets stored at rest (provider keys entered in the UI) with AES-256-GCM.
 * The key comes from CARTOGRAPH_SECRET, or is generated once into DATA_DIR/secret.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash("sha256").update(secret).digest();
  }

  static fromConfig(config: { CARTOGRAPH_SECRET?: string; DATA_DIR: string }): SecretBox {
    if (config.CARTOGRAPH_SECRET) return new SecretBox(config.CARTOGRAPH_SECRET);
    const file = path.resolve(config.DATA_DIR, "secret");
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    }
    return new SecretBox(readFileSync(file, "utf8").trim());
  }

  /** A keyed fingerprint of a value (an access code, say) that cannot be reversed offline. */
  tag(value: string): string {
    return createHmac("sha256", this.key).update(value).digest("hex");
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [
      "v1",
      iv.toString("base64"),
      cipher.getAuthTag().toString("base64"),
      body.toString("base64"),
    ].join(".");
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || body === undefined)
      throw new Error("Not a sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString(
      "utf8",
    );
  }
}
