import { AnswerKind } from '@chorus/schema';
import { cohensKappa, krippendorffAlphaNominal } from './agreement-coefficients.js';

/**
 * Inter-annotator agreement of a dataset, between sessions, from their answers. Every answer is
 * turned into yes/no ratings of items, grouped by label:
 *
 * - **binary** answers (ner.teach's one span, textcat.teach's `label`): one item per task hash,
 *   rated yes when accepted, no when rejected, under the task's label;
 * - **manual spans** (`_view_id` ner_manual/spans_manual, or any number of spans but one):
 *   per input, every span any of its annotators marked is an item (input, label, start–end),
 *   rated yes by the annotators who marked it and no by the others. Spans nobody marked are not
 *   items, so agreement on "nothing here" never inflates the figure;
 * - **choice** (`options`/`accept`) and **cats**: one item per input and option (or cat), rated
 *   yes when chosen (a cat from 0.5).
 *
 * Only each session's latest answer to a question counts (a question is a task hash for binary
 * answers, an input for the others). Ignored answers are left out; so are rejected manual and
 * choice answers, which say the analysis is wrong but not what is right. Answers without a
 * session cannot be told apart by annotator and are not passed in. Items need two ratings.
 *
 * A label rated by exactly two annotators gets Cohen's κ, by more Krippendorff's α (nominal,
 * which takes items not every annotator rated); the overall figure pools every label's items.
 */

export enum AgreementMethod {
  cohen_kappa = 'cohen_kappa',
  krippendorff_alpha = 'krippendorff_alpha',
}

/** One stored answer, as far as agreement needs it. */
export interface AgreementAnswer {
  /** Later answers have larger ids. */
  id: number;
  session: string;
  inputHash: number;
  taskHash: number;
  answer: AnswerKind;
  /** The task's Prodigy fields: `_view_id`, `label`, `spans`, `options`, `accept`, `cats`. */
  task: Record<string, unknown>;
}

export interface AgreementScore {
  method: AgreementMethod;
  /** κ or α: 1 is perfect agreement, 0 what chance gives, below 0 worse than chance. */
  value: number;
  /** Items rated by at least two annotators. */
  items: number;
  annotators: number;
}

export interface LabelAgreement extends AgreementScore {
  label: string;
}

export interface AgreementReport {
  /** Every label's items together; null when no item was rated twice. */
  overall: AgreementScore | null;
  /** By label name. */
  labels: LabelAgreement[];
}

const MANUAL_VIEWS = new Set(['ner_manual', 'spans_manual']);

interface Rating {
  label: string;
  item: string;
  value: boolean;
}

interface Span {
  start: number;
  end: number;
  label: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function spansOf(task: Record<string, unknown>): Span[] {
  if (!Array.isArray(task.spans)) return [];
  return task.spans.flatMap((span: unknown): Span[] =>
    isRecord(span) &&
    typeof span.start === 'number' &&
    typeof span.end === 'number' &&
    typeof span.label === 'string'
      ? [{ start: span.start, end: span.end, label: span.label }]
      : [],
  );
}

type Question =
  | { kind: 'binary'; label: string }
  | { kind: 'spans'; spans: Span[] }
  | { kind: 'choices'; chosen: Map<string, boolean> };

/** What one answer says, or undefined when it gives no rating. */
function questionOf(task: Record<string, unknown>): Question | undefined {
  const view = task._view_id;
  const spans = spansOf(task);
  if (view === 'choice' || Array.isArray(task.options)) {
    const accepted = new Set(Array.isArray(task.accept) ? task.accept.map(String) : []);
    const options = Array.isArray(task.options) ? task.options : [];
    const chosen = new Map<string, boolean>();
    for (const option of options) {
      if (isRecord(option) && option.id !== undefined) {
        chosen.set(String(option.id), accepted.has(String(option.id)));
      }
    }
    return { kind: 'choices', chosen };
  }
  if (typeof view === 'string' && MANUAL_VIEWS.has(view)) return { kind: 'spans', spans };
  if (typeof task.label === 'string') return { kind: 'binary', label: task.label };
  if (spans.length === 1) return { kind: 'binary', label: spans[0]!.label };
  if (Array.isArray(task.spans)) return { kind: 'spans', spans };
  if (isRecord(task.cats)) {
    const chosen = new Map<string, boolean>();
    for (const [label, score] of Object.entries(task.cats)) {
      if (typeof score === 'number') chosen.set(label, score >= 0.5);
    }
    return { kind: 'choices', chosen };
  }
  return undefined;
}

/** The latest answer of each session to each question, with what it says. */
function latestAnswers(answers: readonly AgreementAnswer[]) {
  const latest = new Map<string, { answer: AgreementAnswer; question: Question }>();
  for (const answer of [...answers].sort((a, b) => a.id - b.id)) {
    const question = questionOf(answer.task);
    if (!question) continue;
    const asked = question.kind === 'binary' ? `t${answer.taskHash}` : `i${answer.inputHash}`;
    latest.set(`${answer.session}\u0000${asked}`, { answer, question });
  }
  return [...latest.values()];
}

/** Every session's yes/no ratings, by session. */
function ratingsBySession(answers: readonly AgreementAnswer[]): Map<string, Rating[]> {
  const bySession = new Map<string, Rating[]>();
  const rate = (session: string, rating: Rating) => {
    const list = bySession.get(session) ?? [];
    list.push(rating);
    bySession.set(session, list);
  };
  // Manual spans are rated against the spans every annotator of the same input marked.
  const spansByInput = new Map<number, Map<string, Span[]>>();
  for (const { answer, question } of latestAnswers(answers)) {
    if (answer.answer === AnswerKind.ignore) continue;
    if (question.kind === 'binary') {
      rate(answer.session, {
        label: question.label,
        item: `t${answer.taskHash}`,
        value: answer.answer === AnswerKind.accept,
      });
      continue;
    }
    // A rejected manual or choice answer says the analysis is wrong, not what is right.
    if (answer.answer !== AnswerKind.accept) continue;
    if (question.kind === 'choices') {
      for (const [option, chosen] of question.chosen) {
        rate(answer.session, { label: option, item: `i${answer.inputHash}`, value: chosen });
      }
    } else {
      const sessions = spansByInput.get(answer.inputHash) ?? new Map<string, Span[]>();
      sessions.set(answer.session, question.spans);
      spansByInput.set(answer.inputHash, sessions);
    }
  }
  for (const [input, sessions] of spansByInput) {
    const candidates = new Map<string, Span>();
    for (const spans of sessions.values()) {
      for (const span of spans) candidates.set(spanKey(span), span);
    }
    for (const [session, spans] of sessions) {
      const marked = new Set(spans.map(spanKey));
      for (const [key, span] of candidates) {
        const item = `i${input}:${span.start}-${span.end}`;
        rate(session, { label: span.label, item, value: marked.has(key) });
      }
    }
  }
  return bySession;
}

const spanKey = (span: Span) => `${span.start}-${span.end}\u0000${span.label}`;

type Units = Map<string, Map<string, boolean>>;

function score(units: Units): AgreementScore | null {
  const rated = [...units.values()].filter((ratings) => ratings.size >= 2);
  if (rated.length === 0) return null;
  const annotators = [...new Set(rated.flatMap((ratings) => [...ratings.keys()]))].sort();
  if (annotators.length === 2) {
    const [a, b] = annotators as [string, string];
    return {
      method: AgreementMethod.cohen_kappa,
      value: cohensKappa(rated.map((ratings) => [ratings.get(a)!, ratings.get(b)!] as const)),
      items: rated.length,
      annotators: 2,
    };
  }
  return {
    method: AgreementMethod.krippendorff_alpha,
    value: krippendorffAlphaNominal(rated.map((ratings) => [...ratings.values()])),
    items: rated.length,
    annotators: annotators.length,
  };
}

/** Agreement per label and overall between the sessions that answered the same questions. */
export function computeAgreement(answers: readonly AgreementAnswer[]): AgreementReport {
  const byLabel = new Map<string, Units>();
  const all: Units = new Map();
  for (const [session, ratings] of ratingsBySession(answers)) {
    for (const { label, item, value } of ratings) {
      const units = byLabel.get(label) ?? new Map<string, Map<string, boolean>>();
      byLabel.set(label, units);
      for (const [target, key] of [
        [units, item],
        [all, `${label}\u0000${item}`],
      ] as const) {
        const unit = target.get(key) ?? new Map<string, boolean>();
        unit.set(session, value);
        target.set(key, unit);
      }
    }
  }
  const labels = [...byLabel.keys()].sort().flatMap((label): LabelAgreement[] => {
    const result = score(byLabel.get(label)!);
    return result ? [{ label, ...result }] : [];
  });
  return { overall: score(all), labels };
}
