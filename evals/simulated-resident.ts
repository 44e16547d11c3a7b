// The simulated resident: the scenario's scripted turns, or — with a model configured — an LLM
// playing the resident from the scenario's facts and goal. The LLM resident opens with the
// scenario's first scripted message (so every run starts from the same place), then answers the
// line in character until its goal is met (it says [DONE]) or the turn budget runs out.
import OpenAI from 'openai';
import type { ResidentScenario } from './dataset.ts';

export interface TranscriptEntry {
  from: 'resident' | 'line';
  text: string;
}

export interface SimulatedResident {
  readonly kind: 'scripted' | 'llm';
  /** The resident's next message, or null when they have nothing more to say. */
  next(transcript: TranscriptEntry[]): Promise<string | null>;
  /** Tokens the resident model spent (0 for a script). */
  readonly usage: { inputTokens: number; outputTokens: number };
}

export class ScriptedResident implements SimulatedResident {
  readonly kind = 'scripted' as const;
  readonly usage = { inputTokens: 0, outputTokens: 0 };
  private readonly turns: string[];
  private sent = 0;

  constructor(turns: string[]) {
    this.turns = turns;
  }

  async next(): Promise<string | null> {
    return this.turns[this.sent++] ?? null;
  }
}

export interface LlmResidentOptions {
  apiKey: string;
  baseUrl: string | undefined;
  model: string;
  timeoutMs: number;
}

const DONE = '[DONE]';

export function residentSystemPrompt(s: ResidentScenario): string {
  const r = s.facts.resident;
  const lang = r.language === 'es' ? 'Spanish' : 'English';
  return [
    `You are role-playing ${r.name}, who lives in unit ${r.unit} and is texting the building's maintenance line by SMS.`,
    `Your goal: ${s.goal}`,
    s.facts.details ? `What you know: ${s.facts.details}` : '',
    `Messages you would send, in order (use them as your facts and wording; do not add new problems):\n${s.turns.map((t) => `- ${t}`).join('\n')}`,
    `Write only your next text message, in ${lang}, short and casual like a real SMS (one or two sentences).`,
    'Answer what the line asks using your facts. If asked something you do not know, say so briefly.',
    `When your goal is met, or the line says a person will contact you, reply exactly ${DONE}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export class LlmResident implements SimulatedResident {
  readonly kind = 'llm' as const;
  readonly usage = { inputTokens: 0, outputTokens: 0 };
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly scenario: ResidentScenario;

  constructor(options: LlmResidentOptions, scenario: ResidentScenario) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxRetries: 2,
    });
    this.model = options.model;
    this.scenario = scenario;
  }

  async next(transcript: TranscriptEntry[]): Promise<string | null> {
    if (transcript.length === 0) return this.scenario.turns[0] ?? null;
    const response = await this.client.chat.completions.create({
      model: this.model,
      temperature: 0.7,
      max_tokens: 120,
      messages: [
        { role: 'system', content: residentSystemPrompt(this.scenario) },
        // From the resident's side, the line is the other party.
        ...transcript.map((e) =>
          e.from === 'resident'
            ? { role: 'assistant' as const, content: e.text }
            : { role: 'user' as const, content: e.text },
        ),
      ],
    });
    this.usage.inputTokens += response.usage?.prompt_tokens ?? 0;
    this.usage.outputTokens += response.usage?.completion_tokens ?? 0;
    const text = response.choices[0]?.message.content?.trim() ?? '';
    if (!text || text.includes(DONE)) return null;
    return text.slice(0, 640);
  }
}
