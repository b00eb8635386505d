import type pg from 'pg';
import type { AnswerKind } from '@chorus/schema';
import type { ReviewVersion, StreamTask } from './stream-task.js';

interface Version {
  session: string | null;
  answer: AnswerKind;
  task: Record<string, unknown>;
}

const MANUAL_VIEWS = ['ner_manual', 'spans_manual', 'choice'];

/**
 * The review recipe's tasks: every question of a dataset with what each session last answered
 * to it, grouped by task hash for binary answers and by input hash for manual ones. Groups where
 * sessions disagree come first. The reviewer's answer goes to the stream's own dataset.
 */
export async function reviewTasks(
  pool: pg.Pool,
  datasetId: number,
  revision: number,
): Promise<StreamTask[]> {
  const manual = await pool.query(
    `select 1 from annotation where dataset_id = $1 and undone_at is null and task->>'_view_id' = any($2::text[]) limit 1`,
    [datasetId, MANUAL_VIEWS],
  );
  const byInput = (manual.rowCount ?? 0) > 0;
  const groups = await pool.query<{ key: string; input: string; versions: Version[] }>(
    `select ${byInput ? 'input_hash' : 'task_hash'} as key, min(input_hash) as input,
            json_agg(json_build_object('session', session_id, 'answer', answer, 'task', task) order by id) as versions
     from annotation where dataset_id = $1 and undone_at is null
     group by 1 order by min(id)`,
    [datasetId],
  );
  return groups.rows.map((group, position) => {
    // The latest answer of each session counts.
    const latest = new Map(group.versions.map((v) => [v.session ?? '', v]));
    const versions = [...latest.values()];
    const first = versions[0]!.task;
    const opinion = (v: Version) =>
      JSON.stringify([v.answer, byInput ? (v.task.spans ?? v.task.accept ?? null) : null]);
    const conflict = new Set(versions.map(opinion)).size > 1;
    const reviews = versions.map((v): ReviewVersion => ({
      session: v.session,
      answer: v.answer,
      ...(byInput && v.task.spans ? { spans: v.task.spans as ReviewVersion['spans'] } : {}),
      ...(byInput && v.task.accept ? { accept: v.task.accept as string[] } : {}),
    }));
    const agreeing = Math.max(
      ...[...new Set(versions.map(opinion))].map(
        (o) => versions.filter((v) => opinion(v) === o).length,
      ),
    );
    const task: StreamTask = {
      taskHash: Number(group.key),
      inputHash: Number(group.input),
      position,
      text: String(first.text),
      tokens: first.tokens as StreamTask['tokens'],
      spans: first.spans as StreamTask['spans'],
      label: first.label as string | undefined,
      options: first.options as StreamTask['options'],
      meta: first.meta as StreamTask['meta'],
      reviews,
      conflict,
      score: agreeing / versions.length,
      // Conflicts first, then the groups with the most answers to compare.
      priority: (conflict ? 1 : 0) + versions.length / 1000 - position / 1e9,
      scoredAt: revision,
      viewId: 'review',
    };
    return task;
  });
}
