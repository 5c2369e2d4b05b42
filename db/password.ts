import { hash, verify } from "@node-rs/argon2";

/** Hashes a password with argon2id (OWASP's recommended parameters: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 hashes with argon2id unless told otherwise (tests check the "$argon2id$" prefix).
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

// A real hash to verify against when the e-mail is unknown, so timing does not reveal which
// addresses have accounts.
let decoy: Promise<string> | undefined;

/** Checks a password against a stored hash (or against a decoy when there is none). */
export async function verifyPassword(
  storedHash: string | undefined,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hashPassword("decoy-password-for-timing");
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
