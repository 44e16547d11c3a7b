// The system prompt of a resident turn: resident-intake plus, when they have open tickets, the
// status section — rendered from prompts/ with the facts the engine verified.
import { combinedHash, loadPrompt, renderPrompt } from './prompts.ts';
import type { Language } from './texts.ts';
import type { TurnContext } from './turn-context.ts';

export interface SystemPrompt {
  name: string;
  hash: string;
  text: string;
}

export function buildSystemPrompt(ctx: TurnContext, language: Language, now: Date): SystemPrompt {
  const intake = loadPrompt('resident-intake.v1');
  const status = loadPrompt('status-answer.v1');
  const r = ctx.resident;
  const resident = r
    ? `${r.name}, unit ${r.unitLabel ?? 'unknown'} in ${r.buildingName ?? 'an unknown building'}.`
    : 'An unregistered phone number: not a known resident. You cannot open tickets for them; ask for their building address and unit, and tell them the property manager will follow up.';
  let text = renderPrompt(intake, {
    tenant_name: ctx.tenant.name,
    channel: ctx.conversation.channel === 'chat' ? 'web chat' : 'SMS',
    resident,
    now: now.toLocaleString('en-US', {
      timeZone: ctx.tenant.timezone,
      dateStyle: 'full',
      timeStyle: 'short',
    }),
    time_zone: ctx.tenant.timezone,
    language: language === 'es' ? 'Spanish' : 'English',
  });
  const used = [intake];
  if (ctx.openTickets.length) {
    const list = ctx.openTickets
      .map(
        (t) =>
          `- ${t.code}: ${t.status}, ${t.severity ?? 'untriaged'} ${t.category ?? ''} — "${t.description}"`,
      )
      .join('\n');
    text += `\n${renderPrompt(status, { open_tickets: list })}`;
    used.push(status);
  }
  return { name: used.map((p) => p.name).join('+'), hash: combinedHash(used), text };
}
