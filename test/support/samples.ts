import path from 'node:path';
import { REPO_ROOT } from './processes.js';

/**
 * The committed samples of the shared data (apps/server/src/testing/fixtures, README there), so
 * end-to-end tests run from a clone alone.
 */
const FIXTURES = path.join(REPO_ROOT, 'apps/server/src/testing/fixtures');

/** 600 gold CoNLL-2003 dev sentences (text, tokens, spans). */
export const CONLL_GOLD_SAMPLE = path.join(FIXTURES, 'conll2003-dev-gold-sample.jsonl');

/** 1,246 gold SMS spam texts (`cats.SPAM`). */
export const SMS_SPAM_SAMPLE = path.join(FIXTURES, 'sms-spam-sample.jsonl');
