'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

/** Where the name an annotator gave is kept, so the page asks only once per browser. */
export const SESSION_STORAGE_KEY = 'chorus:session';

/** The page's URL with `?session=` set, Prodigy's convention for naming the annotator. */
export function sessionUrl(stream: string, session: string): string {
  return `/streams/${encodeURIComponent(stream)}?session=${encodeURIComponent(session)}`;
}

/**
 * Asks who is annotating when the URL names nobody. A name given before in this browser is
 * offered first.
 */
export function SessionNamePrompt({ stream }: { stream: string }) {
  const router = useRouter();
  const [name, setName] = useState(() =>
    typeof window === 'undefined' ? '' : (localStorage.getItem(SESSION_STORAGE_KEY) ?? ''),
  );
  const trimmed = name.trim();

  const start = (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed) return;
    localStorage.setItem(SESSION_STORAGE_KEY, trimmed);
    router.replace(sessionUrl(stream, trimmed));
  };

  return (
    <section className="panel session-prompt" aria-labelledby="session-heading">
      <h1 id="session-heading">Who is annotating?</h1>
      <p className="hint">
        Your answers in <strong>{stream}</strong> are stored under this name. Next time, open the
        page with <code>?session=</code> and your name to skip this step.
      </p>
      <form onSubmit={start} className="inline-form">
        <label htmlFor="session-name">Your name</label>
        <input
          id="session-name"
          name="session"
          autoComplete="username"
          value={name}
          maxLength={200}
          onChange={(event) => setName(event.target.value)}
          autoFocus
          required
        />
        <button type="submit" disabled={!trimmed}>
          Start annotating
        </button>
      </form>
    </section>
  );
}
