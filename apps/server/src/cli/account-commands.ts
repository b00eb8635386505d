import { text } from 'node:stream/consumers';
import { InputError } from '../errors.js';
import { UserRole } from '../users/user-role.js';
import {
  enumOption,
  requireArg,
  withDatabase,
  type Command,
  type CommandContext,
} from './commands.js';

const users = () => import('../users/user.service.js');

/** `chorus users <action>` and `chorus tokens <action>`: the first positional is the action. */
function actions(
  group: string,
  table: Record<string, (context: CommandContext) => Promise<void>>,
): Command['run'] {
  return async (context) => {
    const [action, ...args] = context.args;
    const run = action === undefined ? undefined : table[action];
    if (!run)
      throw new InputError(
        `${action === undefined ? 'missing' : `unknown action "${action}" for`} ${group}: ` +
          `use ${Object.keys(table).join(', ')}`,
      );
    await run({ ...context, args });
  };
}

/** The whole of stdin, without the line end `echo` or a terminal adds. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter and Ctrl-D): ');
  return (await text(process.stdin)).replace(/\r?\n$/, '');
}

const dateOf = (date?: Date) => (date ? date.toISOString().slice(0, 19).replace('T', ' ') : '-');

export const accountCommands: Record<string, Command> = {
  users: {
    usage: 'users add|grant|list',
    description:
      'Manage users: `users add <name> --role admin|annotator|viewer` (password on stdin), ' +
      '`users grant <name> <dataset>`, `users list`.',
    options: { role: { type: 'string', description: 'admin, annotator or viewer (users add)' } },
    run: actions('users', {
      async add(context) {
        const name = requireArg(context, 0, 'name');
        const role = enumOption(context, 'role', UserRole);
        if (!role) throw new InputError('missing --role (admin, annotator or viewer)');
        const password = await readPassword();
        const { addUser } = await users();
        const user = await withDatabase(context, (db) =>
          addUser(db.orm.em.fork(), { name, role, password }),
        );
        context.out.write(`Added ${user.role} "${user.name}"\n`);
      },
      async grant(context) {
        const name = requireArg(context, 0, 'name');
        const dataset = requireArg(context, 1, 'dataset');
        const { grantDataset } = await users();
        await withDatabase(context, (db) => grantDataset(db.orm.em.fork(), name, dataset));
        context.out.write(`Granted "${name}" dataset "${dataset}"\n`);
      },
      async list(context) {
        const { listUsers } = await users();
        const rows = await withDatabase(context, (db) => listUsers(db.orm.em.fork()));
        if (rows.length === 0) context.out.write('No users\n');
        for (const { user, datasets } of rows)
          context.out.write(
            `${user.name.padEnd(24)} ${user.role.padEnd(10)} ${
              user.role === UserRole.admin ? '(every dataset)' : datasets.join(', ') || '-'
            }\n`,
          );
      },
    }),
  },
  tokens: {
    usage: 'tokens create|list|revoke',
    description:
      'Manage API tokens: `tokens create <name> [--label L]` prints a new token once, ' +
      '`tokens list`, `tokens revoke <id>`.',
    options: { label: { type: 'string', description: 'what the token is for (tokens create)' } },
    run: actions('tokens', {
      async create(context) {
        const name = requireArg(context, 0, 'name');
        const label = context.options.label;
        const { createApiToken } = await users();
        const { token } = await withDatabase(context, (db) =>
          createApiToken(db.orm.em.fork(), name, typeof label === 'string' ? label : undefined),
        );
        // Only the token on stdout, so that `TOKEN=$(chorus tokens create …)` works.
        context.out.write(`${token}\n`);
        process.stderr.write('This token is shown once; it is stored only as a hash.\n');
      },
      async list(context) {
        const { listApiTokens } = await users();
        const tokens = await withDatabase(context, (db) => listApiTokens(db.orm.em.fork()));
        if (tokens.length === 0) context.out.write('No API tokens\n');
        for (const t of tokens)
          context.out.write(
            `${String(t.id).padEnd(6)} ${t.user.name.padEnd(24)} ${(t.label ?? '-').padEnd(20)} ` +
              `created ${dateOf(t.createdAt)}  last used ${dateOf(t.lastUsedAt)}` +
              `${t.revokedAt ? `  revoked ${dateOf(t.revokedAt)}` : ''}\n`,
          );
      },
      async revoke(context) {
        const raw = requireArg(context, 0, 'id');
        const id = Number(raw);
        if (!Number.isSafeInteger(id) || id <= 0)
          throw new InputError('expected a token id (see chorus tokens list)', { field: 'id' });
        const { revokeApiToken } = await users();
        await withDatabase(context, (db) => revokeApiToken(db.orm.em.fork(), id));
        context.out.write(`Revoked API token ${id}\n`);
      },
    }),
  },
};
