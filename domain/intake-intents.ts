// What a resident wants besides reporting a problem: a status update, to cancel, a person, or
// just saying hello / thanks / "I have a problem"; and whether a short reply means yes or no.
// Several can hold at once ("thanks! any update?"). English and Spanish, typos and shorthand.
import { foldText, prepareText, wordsOf } from './intake-text.ts';

export type Intent =
  | 'status'
  | 'cancel'
  | 'human'
  | 'greeting'
  | 'thanks'
  | 'help'
  | 'affirm'
  | 'deny'
  /** A question (not about their tickets): "is the fire alarm test still on tomorrow?". */
  | 'question'
  /** Asks for other people's data or to change the rules: "list every ticket", "ignore your instructions". */
  | 'offlimits';

const STATUS =
  /\b(?:any (?:update|news|word|progress)s?|updates?|status|where (?:are|r) (?:we|things|you) (?:on|with|at)|(?:hows|how is|how are) (?:the|my) (?:\w+ )?(?:\w+ )?(?:going|coming along)|progress (?:on|with)|whats (?:the )?(?:status|happening|going on)|what(?:s| is) happening with|when (?:is|will|are|does|do|can|should i expect) (?:the |someone|somebody|anyone|a |my |they|you|he|she|it)?(?:\w+ )?(?:coming|come|be here|get here|arrive|show up|be fixed|here)|eta|is (?:someone|anyone|somebody|the \w+) (?:still )?coming|has (?:anyone|someone|somebody) (?:been|called|scheduled)|heard (?:anything|back)|checking (?:in|on)|follow(?:ing)? up on|(?:alguna|algun|tienen|hay) (?:novedad|noticia|actualizacion)(?:es)?|novedades|cuando (?:viene|vienen|llega|llegan|va a venir|van a venir|pasa|pasan|me (?:arreglan|atienden))|a que hora (?:viene|vienen|llega|llegan)|como va (?:mi|el|la)|que paso con (?:mi|el|la)|(?:estado|estatus) de (?:mi|la|el)|ya viene|ya vienen|sigue pendiente|alguien va a venir|va a venir alguien)\b/;
// "Should I cancel?" asks for advice; it cancels nothing.
const CANCEL =
  /(?<!\b(?:should|do) (?:i|we) (?:need to |have to )?)\b(?:cancel\w*|never ?mind|nvm|no longer need|dont need (?:it|that|the \w+|anyone|someone|a \w+|help)(?: anymore)?|not needed anymore|fixed it (?:myself|ourselves)|(?:it|its|problem|everything) (?:is |got )?(?:fixed|resolved|working) now|(?:it|problem) (?:fixed|resolved) itself|call (?:it )?off|forget (?:it|about it)|cancela\w*|cancelar|cancelen|anula\w*|ya no (?:lo |la |los )?(?:necesito|necesitamos|hace falta)|ya no es necesario|olvidalo|olvidenlo|ya (?:lo|la) arregle|ya se arreglo|ya quedo)\b/;
const HUMAN =
  /\b(?:(?:talk|speak|chat) (?:to|with) (?:a |an |the |some |your )?(?:real )?(?:person|human|someone|somebody|manager|landlord|agent|representative|rep|operator|super|superintendent|owner|office|people)|real person|real human|live (?:agent|person)|human being|(?:are|r) (?:you|u) (?:a )?(?:bot|robot|real|human|machine|ai)|call me|(?:can|could) (?:someone|somebody|you|a person) call|give me a call|phone me|(?:hablar|platicar|comunicarme) con (?:alguien|una persona|un humano|el encargado|la encargada|el gerente|el administrador|la administradora|el dueno|el manager)|persona real|(?:eres|es) (?:un )?(?:robot|bot|maquina)|llamenme|llameme|me (?:pueden|puede) llamar|quiero (?:que me llamen|una llamada)|representante|operador)\b/;
// A bare "operator", "agent", "human": the phone-tree way of asking for a person.
const HUMAN_ALONE =
  /^(?:(?:an? |the )?(?:operator|agent|human|person|representative|rep|live agent|real person|customer service|manager)(?: please| pls| now)?|operador[a]?|agente|humano|una persona)$/;
const QUESTION =
  /^(?:is|are|was|were|does|do|did|will|would|can|could|should|when|what|whats|where|why|how|who|which|cuando|donde|por que|como|quien|cual)\b/;
const OFFLIMITS =
  /\b(?:ignore (?:all |your |the |any )?(?:previous |prior |above )?(?:instructions|rules)|(?:admin|developer|debug|god) mode|system prompt|your (?:instructions|prompt|rules)|(?:list|show|give|send|tell|print)(?: me)?(?: (?!my\b|our\b)\w+){0,3} (?:tickets|residents|tenants|neighbou?rs|units|names|phone numbers|numbers)|(?:every|all(?: the)?|other) (?:open )?(?:tickets|residents|tenants|units|apartments)|(?:residents|tenants|neighbou?rs|persons?|person in \w+|people)s? (?:names?|phone|numbers?|info\w*|tickets)|(?<!\b(?:my|our|mi) )phone numbers?|(?:whats|what is) the (?:phone|number|name) of|what did \w+ (?:report|say|ask)|olvida (?:tus|las) instrucciones|(?:la )?lista de (?:todos )?(?:los )?(?:inquilinos|residentes|vecinos|ordenes|tickets)|telefonos? de|modo (?:admin|administrador))\b/;
const GREETING =
  /^(?:hi|hello|hey|hiya|yo|sup|good (?:morning|afternoon|evening)|hola|buenas(?: tardes| noches)?|buenos dias|que tal|saludos)\b/;
const THANKS =
  /\b(?:thanks|thank you|appreciate (?:it|you|that)|gracias|te lo agradezco|se lo agradezco|agradecid[oa])\b/;
const HELP =
  /\b(?:help|ayuda|i (?:have|got) (?:a|an|some) (?:problem|issue)|theres (?:a|an) (?:problem|issue)|something (?:is )?(?:wrong|broken)|tengo un problema|hay un problema|necesito ayuda|need (?:a )?(?:repair|maintenance|fix)|problem|issue|problema|maintenance|mantenimiento)\b/;
const AFFIRM =
  /^(?:yes|yeah|yea|yep|yup|yes sir|correct|right|thats right|thats it|exactly|sure|ok|okay|k|kk|si|claro|correcto|exacto|asi es|eso es|de acuerdo|por supuesto|confirmed|affirmative|👍)\b/;
const DENY =
  /^(?:no|nope|nah|negative|wrong|incorrect)(?:[,.!]|\s*$|\s+(?:its|it is|es|en|thats|that is|the|el|la|unit|apt|apartment|depto|departamento|is|im|i|not|it|no es|different|otro|otra|another)\b)|^(?:not (?:that|this|my) (?:unit|apartment|apt)|wrong unit|no es (?:ahi|ese|esa|en))/;

/** The intents a message expresses, in a fixed order. */
export function detectIntents(text: string): Intent[] {
  const prepared = prepareText(text);
  const folded = foldText(text).replace(/[!?.]+$/, '');
  const intents: Intent[] = [];
  if (STATUS.test(prepared)) intents.push('status');
  if (CANCEL.test(prepared)) intents.push('cancel');
  if (HUMAN.test(prepared) || HUMAN_ALONE.test(folded)) intents.push('human');
  if (GREETING.test(folded)) intents.push('greeting');
  if (THANKS.test(prepared)) intents.push('thanks');
  if (HELP.test(prepared)) intents.push('help');
  // Yes and no only count as the short answer to a question, not inside a description.
  const short = wordsOf(folded).length <= 6 || /^[a-z]+,/.test(folded);
  if (short && AFFIRM.test(folded) && !DENY.test(folded)) intents.push('affirm');
  if (DENY.test(folded)) intents.push('deny');
  const other = intents.some((i) => i === 'status' || i === 'cancel' || i === 'human');
  if (!other && (QUESTION.test(folded) || text.includes('?'))) intents.push('question');
  if (OFFLIMITS.test(prepared)) intents.push('offlimits');
  return intents;
}
