// Prompt files from prompts/: `<name>.v<N>.md`, filled with `{{placeholders}}`. The SHA-256 of
// the template text is recorded on every turn and trace, so a reply can be traced to its prompt.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PROMPTS_DIR = path.join(import.meta.dirname, '..', 'prompts');

export interface PromptTemplate {
  /** e.g. `resident-intake.v1` */
  name: string;
  text: string;
  /** First 16 hex digits of SHA-256(text). */
  hash: string;
}

const cache = new Map<string, PromptTemplate>();

export function loadPrompt(name: string): PromptTemplate {
  const cached = cache.get(name);
  if (cached) return cached;
  const text = fs.readFileSync(path.join(PROMPTS_DIR, `${name}.md`), 'utf8');
  const prompt = { name, text, hash: promptHash(text) };
  cache.set(name, prompt);
  return prompt;
}

export function promptHash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Fills every `{{name}}`; a placeholder without a value is a bug, so it throws. */
export function renderPrompt(prompt: PromptTemplate, values: Record<string, string>): string {
  return prompt.text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`prompt ${prompt.name} needs a value for {{${key}}}`);
    return value;
  });
}

/** Several templates used together (intake + status) hash as one. */
export function combinedHash(prompts: PromptTemplate[]): string {
  return promptHash(prompts.map((p) => `${p.name}:${p.hash}`).join('\n'));
}
