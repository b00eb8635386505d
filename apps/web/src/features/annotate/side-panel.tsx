'use client';

import { useQuery } from '@apollo/client/react';
import { StreamVersionsDocument, type AnnotateStreamQuery } from '@chorus/schema';
import { useEffect } from 'react';
import { formatCount } from '../../ui/format';
import dynamic from 'next/dynamic';
import type { AnnotationSession } from './session/use-annotation-session';
import type { AnnotateTask } from './views/view-module';

type StreamInfo = AnnotateStreamQuery['stream'];

/**
 * The chart library is most of the page's weight: the curve loads on its own, once there is a
 * curve to draw, so the first task is not kept waiting for it.
 */
const StreamLearningCurve = dynamic(
  () => import('../training/stream-learning-curve').then((module) => module.StreamLearningCurve),
  { ssr: false, loading: () => <p className="hint">Loading the chart…</p> },
);

const percent = (value: number) => `${Math.round(value * 100)} %`;

/** Why the task on screen was asked: the model's score, or the pattern that matched. */
function WhyAsked({ task }: { task: AnnotateTask | null }) {
  if (!task) return null;
  return (
    <section className="side-section" aria-labelledby="why-heading">
      <h2 id="why-heading">Why this task</h2>
      <dl className="facts">
        <dt>Asked by</dt>
        <dd>{task.pattern ? 'a pattern' : 'the model'}</dd>
        {task.pattern && (
          <>
            <dt>Pattern</dt>
            <dd>
              <code className="pattern">{task.pattern}</code>
            </dd>
          </>
        )}
        <dt>Model&apos;s score</dt>
        <dd data-testid="task-score">{task.score.toFixed(2)}</dd>
      </dl>
    </section>
  );
}

function Progress({ session, stream }: { session: AnnotationSession; stream: StreamInfo }) {
  const state = session.state;
  return (
    <section className="side-section" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <dl className="facts">
        <dt>You</dt>
        <dd data-testid="session-answers">{formatCount(session.sessionAnswered)}</dd>
        <dt>Stream</dt>
        <dd data-testid="stream-answered">{state ? formatCount(state.answered) : '—'}</dd>
        <dt>Questions left</dt>
        <dd data-testid="stream-remaining">{state ? formatCount(state.remaining) : '—'}</dd>
        {stream.target !== null && state && (
          <>
            <dt>Target</dt>
            <dd>
              {formatCount(Math.min(state.answered, stream.target))} of {formatCount(stream.target)}
            </dd>
          </>
        )}
        {stream.source && (
          <>
            <dt>Source</dt>
            <dd>
              {stream.source.name} ({formatCount(stream.source.inputCount)} inputs)
            </dd>
          </>
        )}
      </dl>
      {stream.target !== null && state && (
        <progress
          className="target-progress"
          aria-label="Progress towards the stream's target"
          value={Math.min(state.answered, stream.target)}
          max={stream.target}
        />
      )}
    </section>
  );
}

function Presence({ session, me }: { session: AnnotationSession; me: string }) {
  const others = (session.state?.sessions ?? []).filter((name) => name !== me);
  return (
    <section className="side-section" aria-labelledby="presence-heading">
      <h2 id="presence-heading">Annotating now</h2>
      <ul className="presence-list" data-testid="presence">
        <li>
          {me} <span className="muted">(you)</span>
        </li>
        {others.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </section>
  );
}

function Model({ session, stream }: { session: AnnotationSession; stream: StreamInfo }) {
  const state = session.state;
  const latest = session.accuracy[session.accuracy.length - 1];
  const versions = useQuery(StreamVersionsDocument, { fetchPolicy: 'cache-and-network' });
  const { refetch } = versions;
  // A version was just published or switched to: read the versions again for the curve.
  useEffect(() => {
    if (state?.modelVersion != null) void refetch();
  }, [state?.modelVersion, refetch]);
  const published = (versions.data?.modelVersions.edges ?? [])
    .map((edge) => edge.node)
    .filter((version) => String(version.streamId) === stream.id)
    .map((version) => ({ id: Number(version.id), answers: version.answersSeen, f1: version.f1 }));
  return (
    <section className="side-section" aria-labelledby="model-heading">
      <h2 id="model-heading">Shared model</h2>
      <dl className="facts">
        <dt>Learnt from</dt>
        <dd>
          {state
            ? `${formatCount(state.answers)} ${state.answers === 1 ? 'answer' : 'answers'}`
            : '—'}
        </dd>
        <dt>Rolling accuracy</dt>
        <dd data-testid="rolling-accuracy">
          {state?.rollingAccuracy != null
            ? percent(state.rollingAccuracy)
            : latest
              ? percent(latest.accuracy)
              : 'not yet'}
        </dd>
        <dt>Model version</dt>
        <dd data-testid="model-version">{state?.modelVersion ?? 'none yet'}</dd>
      </dl>
      {session.accuracy.length > 1 && (
        <StreamLearningCurve points={[...session.accuracy]} versions={published} />
      )}
    </section>
  );
}

function RecentAnswers({ session }: { session: AnnotationSession }) {
  return (
    <section className="side-section" aria-labelledby="history-heading">
      <div className="side-heading-row">
        <h2 id="history-heading">Your last answers</h2>
        <button
          type="button"
          className="button-quiet"
          onClick={() => void session.undo()}
          disabled={session.history.length === 0}
        >
          Undo <kbd aria-hidden="true">⌫</kbd>
        </button>
      </div>
      {session.history.length === 0 ? (
        <p className="hint">None yet.</p>
      ) : (
        <ol className="history-list" data-testid="history">
          {session.history.map((entry) => (
            <li key={entry.key}>
              <span className={`answer answer-${entry.answer}`}>{entry.answer}</span>{' '}
              {entry.about && <span className="label-chip">{entry.about}</span>}{' '}
              <span className="history-text">{entry.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What an annotator glances at beside the task: why it was asked, progress, who else is here. */
export function SidePanel({
  session,
  stream,
  me,
}: {
  session: AnnotationSession;
  stream: StreamInfo;
  me: string;
}) {
  return (
    <aside className="side-panel" aria-label="Session">
      <WhyAsked task={session.current} />
      <Progress session={session} stream={stream} />
      <Presence session={session} me={me} />
      <Model session={session} stream={stream} />
      <RecentAnswers session={session} />
    </aside>
  );
}
