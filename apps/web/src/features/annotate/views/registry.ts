import { ViewId } from '@chorus/schema';
import { binaryView } from './binary-view';
import { choiceView } from './choice-view';
import { manualNerView } from './manual-ner/manual-ner-view';
import { markView } from './mark-view';
import { reviewView } from './review-view';
import type { TaskViewModule } from './view-module';

/**
 * The one place a task's view id picks its view, as Label Studio registers its controls: a new
 * kind of task is a new module here, and nothing else changes.
 */
export const VIEWS: Record<ViewId, TaskViewModule> = {
  [ViewId.ner]: binaryView,
  [ViewId.classification]: binaryView,
  [ViewId.ner_manual]: manualNerView,
  [ViewId.choice]: choiceView,
  [ViewId.review]: reviewView,
  [ViewId.text]: markView,
};

/** The view of a task; an id this build does not know falls back to the plain text. */
export function viewFor(view: ViewId): TaskViewModule {
  return VIEWS[view] ?? markView;
}
