// Tenant API keys: shown once, stored only as a SHA-256 hash (keys are long random strings, so a
// fast hash is enough; nothing to brute-force).
import crypto from 'node:crypto';

export const API_KEY_PREFIX = 'fxk_';

export function generateApiKey(): string {
  return API_KEY_PREFIX + crypto.randomBytes(24).toString('base64url');
}

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

/** The first characters, safe to show in listings. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, 10);
}
