'use client';

import { useQuery } from '@apollo/client/react';
import { AnnotateStreamDocument, NOT_FOUND } from '@chorus/schema';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useState } from 'react';
import { formatCount } from '../../ui/format';
import { KeyMapDialog } from './key-map-dialog';
import type { KeyAction } from './session/key-map';
import { useAnnotationSession } from './session/use-annotation-session';
import { usePageKeys } from './session/use-page-keys';
import { SessionNamePrompt } from './session-name-prompt';
import { SidePanel } from './side-panel';
import { TaskWorkspace } from './task-workspace';
import './annotate.css';

/** `/streams/[name]?session=alice`: annotate, or first say who you are. */
export function AnnotatePage({ name }: { name: string }) {
  const session = useSearchParams().get('session')?.trim();
  if (!session) return <SessionNamePrompt stream={name} />;
  return <AnnotateStream key={session} name={name} session={session} />;
}

function AnnotateStream({ name, session }: { name: string; session: string }) {
  const { data, error, refetch } = useQuery(AnnotateStreamDocument, {
    variables: { name, session },
    fetchPolicy: 'network-only',
  });
  const reread = useCallback(() => void refetch(), [refetch]);
  const live = useAnnotationSession(name, session, data?.stream, reread);
  const [helpOpen, setHelpOpen] = useState(false);

  // Keys the task on screen does not take, and every key while no task is on screen.
  const onOtherKey = useCallback(
    (action: KeyAction) => {
      if (action.kind === 'undo') {
        void live.undo();
        return true;
      }
      if (action.kind === 'help') {
        setHelpOpen((open) => !open);
        return true;
      }
      return false;
    },
    [live],
  );
  usePageKeys((action) => (live.current ? false : onOtherKey(action)));

  if (error) {
    const notFound =
      CombinedGraphQLErrors.is(error) && error.errors[0]?.extensions?.code === NOT_FOUND;
    return (
      <div className="notice notice-error" role="alert">
        <p>{notFound ? `There is no stream called “${name}”.` : error.message}</p>
        <p>
          <Link href="/streams/new">Create a stream</Link> or go back to the{' '}
          <Link href="/">overview</Link>.
        </p>
      </div>
    );
  }
  const stream = data?.stream;

  return (
    <div className="annotate-layout">
      <header className="annotate-header">
        <div>
          <p className="breadcrumb">
            <Link href="/">Overview</Link> / stream
          </p>
          <h1>{name}</h1>
          {stream && (
            <p className="meta-line">
              {stream.recipe.replace('_', '.')} · dataset{' '}
              <Link href={`/datasets/${encodeURIComponent(stream.dataset.name)}`}>
                {stream.dataset.name}
              </Link>{' '}
              · annotating as <strong data-testid="session-name">{session}</strong>
            </p>
          )}
        </div>
        <div className="annotate-status">
          <span
            className={`connection connection-${live.connection}`}
            role="status"
            data-testid="connection"
          >
            {live.connection === 'connected'
              ? 'Connected'
              : live.connection === 'connecting'
                ? 'Connecting…'
                : 'Offline'}
          </span>
          <span className="outbox-count" role="status" data-testid="outbox">
            {live.outbox.waiting === 0
              ? 'All answers saved'
              : `${formatCount(live.outbox.waiting)} ${live.outbox.waiting === 1 ? 'answer' : 'answers'} waiting to be sent`}
          </span>
          <KeyMapDialog open={helpOpen} onOpenChange={setHelpOpen} />
        </div>
      </header>

      {live.outbox.refused.length > 0 && (
        <div className="notice notice-error" role="alert">
          <p>
            The server refused{' '}
            {live.outbox.refused.length === 1
              ? 'one answer'
              : `${live.outbox.refused.length} answers`}
            ; they are kept in this browser:
          </p>
          <ul>
            {live.outbox.refused.map((refused) => (
              <li key={refused.key}>{refused.reason}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="notices" role="status" aria-live="polite">
        {live.notices.map((notice) => (
          <div key={notice.id} className="notice notice-success model-notice">
            <p>{notice.text}</p>
            <button
              type="button"
              className="button-quiet"
              onClick={() => live.dismissNotice(notice.id)}
            >
              Dismiss
            </button>
          </div>
        ))}
      </div>

      <div className="annotate-main">
        <section className="annotate-task" aria-label="Task to answer">
          {stream && live.current ? (
            <TaskWorkspace
              key={live.current.taskHash}
              task={live.current}
              labels={stream.labels}
              exclusive={stream.exclusive}
              onAnswer={live.answer}
              onOtherKey={onOtherKey}
            />
          ) : (
            <div className="empty task-card">
              {!live.started || !stream ? (
                <p role="status">Loading tasks…</p>
              ) : live.state && live.state.remaining === 0 ? (
                <p role="status">No more tasks: everything in this stream has been answered.</p>
              ) : (
                <p role="status">
                  Waiting for tasks… the next ones arrive as soon as the model has them.
                </p>
              )}
            </div>
          )}
          <p className="hint queue-hint">
            {live.queued > 0
              ? `${live.queued} more ${live.queued === 1 ? 'task' : 'tasks'} ready`
              : ' '}
          </p>
        </section>
        {stream && <SidePanel session={live} stream={stream} me={session} />}
      </div>
    </div>
  );
}
