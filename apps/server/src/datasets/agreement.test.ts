import { AnswerKind } from '@chorus/schema';
import { describe, expect, it } from 'vitest';
import {
  AgreementMethod,
  computeAgreement,
  type AgreementAnswer,
  type AgreementReport,
} from './agreement.js';
import { cohensKappa, krippendorffAlphaNominal } from './agreement-coefficients.js';

const { accept, reject, ignore } = AnswerKind;

let nextId = 1;
/** A textcat.teach answer: the task hash stands for the question "is task N label?". */
function binary(session: string, task: number, answer: AnswerKind, label = 'SPAM') {
  return {
    id: nextId++,
    session,
    inputHash: 1000 + task,
    taskHash: task,
    answer,
    task: { text: `text ${task}`, label, _view_id: 'classification' },
  } satisfies AgreementAnswer;
}

/** The same questions answered by several sessions, one column of answers per session. */
function table(columns: Record<string, (AnswerKind | undefined)[]>): AgreementAnswer[] {
  return Object.entries(columns).flatMap(([session, answers]) =>
    answers.flatMap((answer, task) => (answer ? [binary(session, task, answer)] : [])),
  );
}

const labelOf = (report: AgreementReport, label: string) =>
  report.labels.find((row) => row.label === label);

describe('Cohen’s κ and Krippendorff’s α', () => {
  it('gives κ = 0.4 for a two-rater table worked by hand', () => {
    // 10 items:            B yes  B no
    //              A yes     4      1     (A says yes 5 times)
    //              A no      2      3     (B says yes 6 times)
    // p_o = (4 + 3) / 10 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4
    const pairs = [
      ...Array<[boolean, boolean]>(4).fill([true, true]),
      ...Array<[boolean, boolean]>(1).fill([true, false]),
      ...Array<[boolean, boolean]>(2).fill([false, true]),
      ...Array<[boolean, boolean]>(3).fill([false, false]),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 12);
  });

  it('gives α = 10/49 for a three-rater table with a missing rating, worked by hand', () => {
    // unit:   1  2  3  4  5       coincidences, each pair weighted 1/(m_u − 1):
    // rater1  1  1  0  1  0       u1 (1,1,1): o11 += 3·2/2 = 3
    // rater2  1  1  0  0  0       u2 (1,1,0): o11 += 1, o10 += 1, o01 += 1
    // rater3  1  0  0  .  1       u3 (0,0,0): o00 += 3;  u4 (1,0): o10 += 1, o01 += 1
    //                             u5 (0,0,1): o00 += 1, o10 += 1, o01 += 1
    // o11 = 4, o00 = 4, o10 = o01 = 3; n1 = n0 = 7, n = 14
    // α = 1 − (n − 1)·(o10 + o01) / (2·n0·n1) = 1 − 13·6 / 98 = 10/49 ≈ 0.204
    const units = [
      [1, 1, 1],
      [1, 1, 0],
      [0, 0, 0],
      [1, 0],
      [0, 0, 1],
    ];
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(10 / 49, 12);
  });

  it('matches the published α = 0.743 of Krippendorff’s four-observer example', () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal data,
    // 4 observers, 12 units, missing values; unit 12 has one value and cannot be paired.
    const units = [
      [1, 1, 1],
      [2, 2, 3, 2],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
      [2, 2, 2, 2],
      [1, 2, 3, 4],
      [4, 4, 4, 4],
      [1, 1, 2, 1],
      [2, 2, 2, 2],
      [5, 5, 5],
      [1, 1],
      [3],
    ];
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743, 3);
  });

  it('returns 1, not NaN, when every rating is the same single value', () => {
    expect(
      cohensKappa([
        [true, true],
        [true, true],
      ]),
    ).toBe(1);
    expect(
      krippendorffAlphaNominal([
        [0, 0, 0],
        [0, 0],
      ]),
    ).toBe(1);
  });
});

describe('dataset agreement from answers', () => {
  it('uses κ for two sessions and α for three, with the items and annotators behind them', () => {
    const two = computeAgreement(
      table({
        alice: [accept, accept, accept, accept, accept, reject, reject, reject, reject, reject],
        bob: [accept, accept, accept, accept, reject, accept, accept, reject, reject, reject],
      }),
    );
    expect(labelOf(two, 'SPAM')).toEqual({
      label: 'SPAM',
      method: AgreementMethod.cohen_kappa,
      value: expect.closeTo(0.4, 12) as number,
      items: 10,
      annotators: 2,
    });
    expect(two.overall).toEqual({ ...labelOf(two, 'SPAM'), label: undefined });

    const three = computeAgreement(
      table({
        r1: [accept, accept, reject, accept, reject],
        r2: [accept, accept, reject, reject, reject],
        r3: [accept, reject, reject, undefined, accept],
      }),
    );
    expect(labelOf(three, 'SPAM')).toMatchObject({
      method: AgreementMethod.krippendorff_alpha,
      value: expect.closeTo(10 / 49, 12) as number,
      items: 5,
      annotators: 3,
    });
  });

  it('is 1 for perfect agreement, also when every answer is the same', () => {
    const mixed = computeAgreement(table({ a: [accept, reject], b: [accept, reject] }));
    expect(mixed.overall?.value).toBe(1);
    const allAccepted = computeAgreement(
      table({ a: [accept, accept], b: [accept, accept], c: [accept, accept] }),
    );
    expect(allAccepted.overall).toMatchObject({ value: 1, items: 2, annotators: 3 });
  });

  it('counts only each session’s latest answer, and leaves ignored answers out', () => {
    const answers = [
      binary('alice', 1, reject),
      binary('bob', 1, accept),
      binary('alice', 1, accept), // alice changed her mind: agreement on task 1
      binary('alice', 2, accept),
      binary('bob', 2, reject),
      binary('bob', 2, ignore), // bob's latest answer to task 2 is ignore: no item
      binary('alice', 3, ignore),
      binary('bob', 3, accept),
    ];
    expect(computeAgreement(answers).overall).toMatchObject({ value: 1, items: 1 });
  });

  it('needs two annotators on an item: one session alone gives no figure', () => {
    const report = computeAgreement(table({ alice: [accept, reject, accept] }));
    expect(report).toEqual({ overall: null, labels: [] });
  });

  it('rates manual spans per input: every span anyone marked, present or absent', () => {
    const text = 'Ada Lovelace met Babbage in London';
    const manual = (session: string, spans: [number, number, string][]): AgreementAnswer => ({
      id: nextId++,
      session,
      inputHash: 7,
      taskHash: 7000 + spans.length,
      answer: accept,
      task: {
        text,
        _view_id: 'ner_manual',
        spans: spans.map(([start, end, label]) => ({ start, end, label })),
      },
    });
    const report = computeAgreement([
      manual('alice', [
        [0, 12, 'PER'],
        [17, 24, 'PER'],
        [28, 34, 'LOC'],
      ]),
      manual('bob', [
        [0, 12, 'PER'],
        [28, 34, 'LOC'],
      ]),
    ]);
    // PER: Ada Lovelace yes/yes, Babbage yes/no → p_o = 1/2, p_e = 1·1/2 + 0 = 1/2, κ = 0.
    expect(labelOf(report, 'PER')).toMatchObject({ value: 0, items: 2, annotators: 2 });
    expect(labelOf(report, 'LOC')).toMatchObject({ value: 1, items: 1 });
  });

  it('rates choices per input and option, and rejected choice answers not at all', () => {
    const choice = (session: string, chosen: string[], answer = accept): AgreementAnswer => ({
      id: nextId++,
      session,
      inputHash: 9,
      taskHash: 9000,
      answer,
      task: {
        text: 'great food, slow service',
        _view_id: 'choice',
        options: [{ id: 'FOOD' }, { id: 'SERVICE' }, { id: 'PRICE' }],
        accept: chosen,
      },
    });
    const report = computeAgreement([
      choice('alice', ['FOOD', 'SERVICE']),
      choice('bob', ['FOOD']),
      choice('carol', ['PRICE'], reject),
    ]);
    expect(report.labels.map((row) => [row.label, row.value, row.annotators])).toEqual([
      ['FOOD', 1, 2],
      ['PRICE', 1, 2],
      ['SERVICE', 0, 2],
    ]);
  });
});
