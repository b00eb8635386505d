import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Executes a notebook headless with Debian's `jupyter-nbconvert` (Python from /usr/bin, whatever
 * else is on PATH) and reads back what it printed. nbconvert exits non-zero on the first cell
 * that raises, so any cell error fails the run.
 */

const NBCONVERT = '/usr/bin/jupyter-nbconvert';
const CELL_TIMEOUT_S = 180;

interface NotebookOutput {
  output_type: 'stream' | 'execute_result' | 'display_data' | 'error';
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

interface Notebook {
  cells: { cell_type: string; source: string | string[]; outputs?: NotebookOutput[] }[];
}

/** One code cell of an executed notebook: its source, what it printed, how many images. */
export interface ExecutedCell {
  source: string;
  text: string;
  images: number;
  errors: string[];
}

const joined = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join('') : (value ?? '');

function readCell(outputs: NotebookOutput[]): Omit<ExecutedCell, 'source'> {
  const text = outputs
    .map((o) => (o.output_type === 'stream' ? joined(o.text) : joined(o.data?.['text/plain'])))
    .join('\n');
  return {
    text,
    images: outputs.filter((o) => o.data?.['image/png'] !== undefined).length,
    errors: outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`),
  };
}

/**
 * Runs `notebook` with `env` added to the environment and writes the executed copy, outputs
 * included, into `outputDir`; resolves with its code cells.
 */
export async function executeNotebook(
  notebook: string,
  outputDir: string,
  env: Record<string, string>,
): Promise<ExecutedCell[]> {
  const args = [
    '--execute',
    '--to',
    'notebook',
    `--ExecutePreprocessor.timeout=${CELL_TIMEOUT_S}`,
    '--output-dir',
    outputDir,
    notebook,
  ];
  try {
    await promisify(execFile)(NBCONVERT, args, {
      cwd: path.dirname(notebook),
      env: { ...process.env, ...env, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr, code } = error as { stderr?: string; code?: string | number };
    if (code === 'ENOENT') {
      throw new Error(`${NBCONVERT} is missing: apt-get install jupyter-nbconvert (see .ci/run)`);
    }
    throw new Error(`${path.basename(notebook)} failed:\n${(stderr ?? '').slice(-4000)}`);
  }
  const executed = JSON.parse(
    await readFile(path.join(outputDir, path.basename(notebook)), 'utf8'),
  ) as Notebook;
  return executed.cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) => ({ source: joined(cell.source), ...readCell(cell.outputs ?? []) }));
}
