// The datasets load and validate; a bad scenario is refused with its file, line, id and field named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DatasetError,
  defaultDatasetFiles,
  filterScenarios,
  isVendorScenario,
  loadDatasets,
  parseDataset,
} from '../../evals/dataset.ts';

const good = {
  id: 'sink-leak',
  category: 'intake_plumbing',
  goal: 'Get the sink fixed.',
  turns: ['my sink leaks, home tomorrow 9-12'],
  expected: { tickets: [{ category: 'plumbing', severity: 'routine', window: true }] },
};
const line = (o: unknown) => JSON.stringify(o);

describe('eval datasets', () => {
  it('the shipped datasets hold at least 80 scenarios over every category the suite promises', () => {
    const loaded = loadDatasets(defaultDatasetFiles());
    const all = loaded.flatMap((d) => d.scenarios);
    expect(all.length).toBeGreaterThanOrEqual(80);
    const categories = new Set(all.map((s) => s.category));
    for (const c of [
      'emergency',
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
      'vendor_reply',
    ]) {
      expect(categories, c).toContain(c);
    }
    for (const trade of [
      'plumbing',
      'electrical',
      'hvac',
      'locksmith',
      'elevator',
      'appliance',
      'pest',
      'general',
    ]) {
      expect(categories, trade).toContain(`intake_${trade}`);
    }
    expect(loaded.every((d) => /^[0-9a-f]{64}$/.test(d.sha256))).toBe(true);
    expect(all.filter((s) => !isVendorScenario(s) && s.expected.safety_advice).length).toBeGreaterThanOrEqual(
      10,
    );
  });

  it('fills defaults: the resident, their language, no tools required', () => {
    const [s] = parseDataset(line(good), 'x.jsonl');
    expect(s).toMatchObject({
      facts: { resident: { name: 'Alice Moreno', language: 'en', registered: true } },
    });
    expect(!isVendorScenario(s!) && s!.expected.tickets[0]).toMatchObject({
      category: ['plumbing'],
      severity: ['routine'],
      optional: false,
    });
  });

  it('refuses a bad field, naming the file, line, scenario and field', () => {
    const bad = { ...good, id: 'bad-trade', expected: { tickets: [{ category: 'plumbin' }] } };
    const text = `${line(good)}\n\n${line(bad)}\n`;
    expect(() => parseDataset(text, 'resident-v9.jsonl')).toThrow(DatasetError);
    expect(() => parseDataset(text, 'resident-v9.jsonl')).toThrow(
      /resident-v9\.jsonl line 3 \(scenario bad-trade\)[\s\S]*expected\.tickets\.0\.category/,
    );
  });

  it('refuses unknown fields, unknown tools, bad references and broken JSON', () => {
    const parse = (o: unknown) => () => parseDataset(typeof o === 'string' ? o : line(o), 'd.jsonl');
    expect(parse({ ...good, expectd: {} })).toThrow(/expectd/);
    expect(parse({ ...good, expected: { tickets: [], tools: { required: ['delete_everything'] } } })).toThrow(
      /expected\.tools\.required\.0/,
    );
    expect(parse({ ...good, turns: ['cancel {{T9}}'] })).toThrow(/no seeded ticket T9/);
    expect(parse({ ...good, expected: { tickets: [], existing: { T1: { status: 'cancelled' } } } })).toThrow(
      /expected\.existing\.T1/,
    );
    expect(parse({ ...good, expected: { tickets: [], reply_matches: ['(unclosed'] } })).toThrow(
      /regular expression/,
    );
    expect(parse('{"id": "x",')).toThrow(/d\.jsonl line 1: not valid JSON/);
    expect(parse({ ...good, turns: [] })).toThrow(/turns/);
    const vendor = {
      id: 'v-bad',
      category: 'vendor_reply',
      goal: 'books it',
      turns: [{ vendor: 3, body: 'YES' }],
      expected: { outcomes: [] },
    };
    expect(parse(vendor)).toThrow(/turns\.0\.vendor: only 2 vendor/);
  });

  it('refuses a scenario id used twice across datasets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-evals-test-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.jsonl'), line(good));
      fs.writeFileSync(path.join(dir, 'b.jsonl'), line(good));
      expect(() => loadDatasets([path.join(dir, 'a.jsonl'), path.join(dir, 'b.jsonl')])).toThrow(
        /sink-leak is already used/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('filters by category or part of an id', () => {
    const all = loadDatasets(defaultDatasetFiles()).flatMap((d) => d.scenarios);
    expect(filterScenarios(all, 'emergency').every((s) => s.category === 'emergency')).toBe(true);
    expect(filterScenarios(all, 'emer-gas,vendor-yes-code').map((s) => s.id)).toEqual([
      'emer-gas-smell',
      'vendor-yes-code',
    ]);
    expect(filterScenarios(all, undefined)).toHaveLength(all.length);
  });
});
