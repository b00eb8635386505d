import type { CatView } from './task-view';

/** A text classification's cats as chips (`SPAM 0`, `HAM 1`); the ones that apply are filled. */
export function CatChips({ cats }: { cats: readonly CatView[] }) {
  return (
    <ul className="label-list" aria-label="Categories">
      {cats.map((cat) => (
        <li
          key={cat.label}
          className={cat.applies ? 'label-chip cat-chip cat-applies' : 'label-chip cat-chip'}
        >
          {cat.applies && <span aria-hidden="true">✓ </span>}
          {cat.label} <span className="cat-score">{formatScore(cat.score)}</span>
          <span className="visually-hidden">{cat.applies ? ', applies' : ', does not apply'}</span>
        </li>
      ))}
    </ul>
  );
}

/** 0, 1, 0.75: scores as short as they are exact to two places. */
function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}
