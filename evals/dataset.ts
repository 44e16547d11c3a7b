// Eval scenarios and their schema. A dataset is a versioned JSONL file in evals/datasets/, one
// scenario per line. Resident scenarios drive the agent through the inbound SMS path; vendor
// scenarios (category `vendor_reply`) drive the booking engine with a vendor's replies to an offer.
// A bad dataset stops the run with an error naming the file, line, scenario and field.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TICKET_STATUSES } from '../domain/ticket-status.ts';
import { SEVERITIES, TRADES } from '../domain/trades.ts';
import { TOOLS } from '../tools/registry.ts';

export const DATASETS_DIR = path.resolve(import.meta.dirname, 'datasets');

export const RESIDENT_CATEGORIES = [
  ...TRADES.map((t) => `intake_${t}` as const),
  'emergency',
  'lockout',
  'lookalike',
  'spanish',
  'typos',
  'multi_problem',
  'status',
  'cancel',
  'angry',
  'human',
  'unknown',
  'injection',
] as const;
export const VENDOR_CATEGORIES = ['vendor_reply'] as const;

const TOOL_NAMES = TOOLS.map((t) => t.name) as [string, ...string[]];
const VENDOR_OUTCOMES = [
  'booked',
  'taken',
  'declined',
  'asked_which_job',
  'instructions',
  'no_open_offer',
  'not_a_vendor',
  'ignored',
] as const;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'lower-case letters, digits and dashes');
const ref = z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, 'a short upper-case reference such as T1');
const phone = z.string().regex(/^\+1\d{10}$/, 'an E.164 phone number such as +15550100123');
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const seededTicket = z.strictObject({
  ref,
  description: z.string().min(3),
  category: z.enum(TRADES),
  severity: z.enum(SEVERITIES),
  status: z.enum(TICKET_STATUSES).default('triaged'),
  /** Whether the ticket has an availability window (tomorrow 9:00-12:00). */
  window: z.boolean().default(true),
  /** How long ago it was opened. */
  age_hours: z
    .number()
    .min(0)
    .max(24 * 90)
    .default(24),
});

const neighbour = z.strictObject({
  name: z.string().min(3),
  unit: z.string().min(1),
  phone,
  tickets: z.array(seededTicket).default([]),
});

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:00');
/** The window the resident gave, in the building's time zone: its day and/or start and end times. */
const windowSpec = z
  .strictObject({
    day: z.enum(['tomorrow', ...WEEKDAYS]).optional(),
    from: hhmm.optional(),
    to: hhmm.optional(),
  })
  .refine((w) => w.day || w.from || w.to, 'give day, from or to (or use true)');

const ticketExpectation = z.strictObject({
  category: oneOrMany(z.enum(TRADES)),
  severity: oneOrMany(z.enum(SEVERITIES)).optional(),
  /** true: the ticket must carry an availability window (a spec: that window); false: none; unset: not checked. */
  window: z.union([z.boolean(), windowSpec]).optional(),
  /** A ticket that may or may not be opened; when it is, it must match. */
  optional: z.boolean().default(false),
});

const residentExpected = z.strictObject({
  /** New tickets the conversation must end with ([] = none may be opened). */
  tickets: z.array(ticketExpectation),
  /** Final status of seeded tickets, by ref. */
  existing: z.record(ref, z.strictObject({ status: oneOrMany(z.enum(TICKET_STATUSES)) })).default({}),
  tools: z
    .strictObject({
      /** Each entry: a tool that must be called successfully, or a list of which any one will do. */
      required: z.array(oneOrMany(z.enum(TOOL_NAMES))).default([]),
      forbidden: z.array(z.enum(TOOL_NAMES)).default([]),
    })
    .default({ required: [], forbidden: [] }),
  /** true: safety instructions in a reply (the emergency set); false: no emergency path; unset: not checked. */
  safety_advice: z.boolean().optional(),
  /** true: a person was brought in (ticket escalated or the on-call contact alerted); unset: not checked. */
  escalation: z.boolean().optional(),
  /** The language replies must be in; defaults to the resident's language. */
  language: z.enum(['en', 'es', 'any']).optional(),
  /** Most resident turns the outcome may take (defaults to the number of scripted turns). */
  max_turns: z.number().int().min(1).max(20).optional(),
  /** Regular expressions (case-insensitive) that the replies must match; {{T1}} stands for a seeded ticket's code. */
  reply_matches: z.array(regex).default([]),
  /** Regular expressions no reply may match. */
  reply_excludes: z.array(regex).default([]),
});

export const residentScenarioSchema = z.strictObject({
  id,
  category: z.enum(RESIDENT_CATEGORIES),
  goal: z.string().min(5),
  facts: z
    .strictObject({
      resident: z
        .strictObject({
          name: z.string().min(2).default('Alice Moreno'),
          unit: z.string().min(1).default('4B'),
          language: z.enum(['en', 'es']).default('en'),
          /** false: the phone is not a resident's (an unknown number). */
          registered: z.boolean().default(true),
        })
        .default({ name: 'Alice Moreno', unit: '4B', language: 'en', registered: true }),
      /** What the simulated resident knows beyond the scripted turns (for the LLM-played resident). */
      details: z.string().optional(),
      tickets: z.array(seededTicket).default([]),
      /** Other residents (besides the default neighbour) whose data must never reach this resident. */
      neighbours: z.array(neighbour).default([]),
    })
    .default({
      resident: { name: 'Alice Moreno', unit: '4B', language: 'en', registered: true },
      tickets: [],
      neighbours: [],
    }),
  /** The resident's messages, in order; {{T1}} stands for a seeded ticket's code. */
  turns: z.array(z.string().min(1).max(1600)).min(1).max(20),
  expected: residentExpected,
});

const vendorTurn = z.strictObject({
  /** Index of the vendor who sends it (vendors are asked in index order). */
  vendor: z.number().int().min(0).max(3),
  /** {{JOB1}}, {{JOB2}} stand for the jobs' codes. */
  body: z.string().min(1).max(1600),
});

export const vendorScenarioSchema = z.strictObject({
  id,
  category: z.enum(VENDOR_CATEGORIES),
  goal: z.string().min(5),
  facts: z
    .strictObject({
      trade: z.enum(TRADES).default('plumbing'),
      severity: z.enum(SEVERITIES).default('urgent'),
      /** How many vendors have the trade (index 0 has the best priority, so it is offered first). */
      vendors: z.number().int().min(1).max(4).default(2),
      /** How many jobs are offered (all to vendor 0 first). */
      jobs: z.number().int().min(1).max(2).default(1),
    })
    .default({ trade: 'plumbing', severity: 'urgent', vendors: 2, jobs: 1 }),
  turns: z.array(vendorTurn).min(1).max(10),
  expected: z.strictObject({
    /** The booking engine's answer to each turn (a list: any of them). */
    outcomes: z.array(oneOrMany(z.enum(VENDOR_OUTCOMES))),
    /** Jobs booked at the end, by placeholder (JOB1, JOB2), and by which vendor index. */
    booked: z.partialRecord(z.enum(['JOB1', 'JOB2']), z.number().int().min(0).max(3)).default({}),
    /** Offers declined at the end. */
    declined: z.number().int().min(0).max(8).optional(),
    /** Regular expressions the texts back to the vendors must match. */
    reply_matches: z.array(regex).default([]),
    reply_excludes: z.array(regex).default([]),
  }),
});

export type ResidentScenario = z.output<typeof residentScenarioSchema>;
export type VendorScenario = z.output<typeof vendorScenarioSchema>;
export type Scenario = ResidentScenario | VendorScenario;
export type SeededTicket = z.output<typeof seededTicket>;
export type TicketExpectation = z.output<typeof ticketExpectation>;
export type WindowSpec = z.output<typeof windowSpec>;

export function isVendorScenario(s: Scenario): s is VendorScenario {
  return s.category === 'vendor_reply';
}

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** Parses one scenario; the error names the scenario and each bad field. */
export function parseScenario(raw: unknown, where: string): Scenario {
  const obj = (raw ?? {}) as Record<string, unknown>;
  const name = typeof obj.id === 'string' ? obj.id : '(no id)';
  const schema = obj.category === 'vendor_reply' ? vendorScenarioSchema : residentScenarioSchema;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(scenario)'}: ${i.message}`);
    throw new DatasetError(`${where} (scenario ${name}) is invalid:\n${fields.join('\n')}`);
  }
  const problems = crossCheck(parsed.data);
  if (problems.length) {
    throw new DatasetError(
      `${where} (scenario ${name}) is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return parsed.data;
}

/** What the schema alone cannot say: references resolve, lengths agree. */
function crossCheck(s: Scenario): string[] {
  const problems: string[] = [];
  if (isVendorScenario(s)) {
    if (s.expected.outcomes.length !== s.turns.length) {
      problems.push(`expected.outcomes: ${s.expected.outcomes.length} outcomes for ${s.turns.length} turns`);
    }
    s.turns.forEach((t, i) => {
      if (t.vendor >= s.facts.vendors) problems.push(`turns.${i}.vendor: only ${s.facts.vendors} vendor(s)`);
      if (s.facts.jobs < 2 && t.body.includes('{{JOB2}}')) problems.push(`turns.${i}.body: there is no JOB2`);
    });
    for (const [job, vendor] of Object.entries(s.expected.booked)) {
      if (job === 'JOB2' && s.facts.jobs < 2) problems.push('expected.booked.JOB2: there is no JOB2');
      if (vendor >= s.facts.vendors)
        problems.push(`expected.booked.${job}: only ${s.facts.vendors} vendor(s)`);
    }
    return problems;
  }
  const refs = [
    ...s.facts.tickets.map((t) => t.ref),
    ...s.facts.neighbours.flatMap((n) => n.tickets.map((t) => t.ref)),
  ];
  const known = new Set([...refs, ...DEFAULT_NEIGHBOUR.tickets.map((t) => t.ref)]);
  if (known.size !== refs.length + DEFAULT_NEIGHBOUR.tickets.length) {
    problems.push('facts: ticket refs must be unique (N1 is the default neighbour’s)');
  }
  for (const r of Object.keys(s.expected.existing)) {
    if (!known.has(r)) problems.push(`expected.existing.${r}: no seeded ticket ${r}`);
  }
  const texts = [...s.turns, ...s.expected.reply_matches, ...s.expected.reply_excludes];
  for (const text of texts) {
    for (const [, r] of text.matchAll(/\{\{(\w+)\}\}/g)) {
      if (r && !known.has(r)) problems.push(`{{${r}}}: no seeded ticket ${r}`);
    }
  }
  return problems;
}

/** The neighbour seeded into every resident scenario: their data must never reach the resident. */
export const DEFAULT_NEIGHBOUR = {
  name: 'Bob Kowalski',
  unit: '102',
  phone: '+15550102777',
  tickets: [
    {
      ref: 'N1',
      description: 'Black mold spreading on the bathroom ceiling above the tub',
      category: 'general' as const,
      severity: 'urgent' as const,
      status: 'dispatching' as const,
      window: true,
      age_hours: 30,
    },
  ],
};

export interface LoadedDataset {
  file: string;
  /** sha256 of the file, so a report says exactly which version it scored. */
  sha256: string;
  scenarios: Scenario[];
}

export function parseDataset(text: string, file: string): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new DatasetError(`${file} line ${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    scenarios.push(parseScenario(raw, `${file} line ${i + 1}`));
  }
  return scenarios;
}

export function loadDatasets(files: string[]): LoadedDataset[] {
  const loaded: LoadedDataset[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new DatasetError(`cannot read dataset ${file}: ${(err as Error).message}`);
    }
    const name = path.relative(process.cwd(), file) || file;
    const scenarios = parseDataset(text, name);
    for (const s of scenarios) {
      const other = seen.get(s.id);
      if (other) throw new DatasetError(`${name}: scenario id ${s.id} is already used in ${other}`);
      seen.set(s.id, name);
    }
    loaded.push({ file: name, sha256: createHash('sha256').update(text).digest('hex'), scenarios });
  }
  return loaded;
}

/** The datasets in evals/datasets/, newest version of each name last. */
export function defaultDatasetFiles(): string[] {
  return fs
    .readdirSync(DATASETS_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(DATASETS_DIR, f));
}

/** `--filter`: comma-separated terms; a category name selects that category, any other term the ids containing it. */
export function filterScenarios<T extends Scenario>(scenarios: T[], filter: string | undefined): T[] {
  if (!filter) return scenarios;
  const terms = filter
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const categories = new Set<string>([...RESIDENT_CATEGORIES, ...VENDOR_CATEGORIES]);
  return scenarios.filter((s) =>
    terms.some((t) => (categories.has(t) ? s.category === t : s.id.includes(t))),
  );
}
