#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { accountCommands } from './account-commands.js';
import { optionError, userMessage } from './cli-errors.js';
import { commands as dataCommands, type Command } from './commands.js';
import { engineCommands } from './engine-commands.js';

const commands: Record<string, Command> = {
  ...dataCommands,
  ...engineCommands,
  ...accountCommands,
};

function help(): string {
  const lines = [
    'Usage: chorus <command> [options]   (npm run chorus -- <command>)',
    '',
    'Commands:',
  ];
  for (const command of Object.values(commands))
    lines.push(`  ${command.usage.padEnd(28)} ${command.description}`);
  lines.push('', 'Run `chorus <command> --help` for its options.');
  return lines.join('\n');
}

function commandHelp(command: Command): string {
  const lines = [`Usage: chorus ${command.usage}`, '', command.description];
  const options = Object.entries(command.options ?? {});
  if (options.length > 0) {
    lines.push('', 'Options:');
    for (const [name, option] of options)
      lines.push(`  --${name.padEnd(12)} ${option.description}`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  const options = Object.fromEntries(
    Object.entries(command.options ?? {}).map(([key, o]) => [key, { type: o.type }]),
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw optionError(error, name);
  }
  if (parsed.values.help) {
    console.log(commandHelp(command));
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel ?? (name === 'serve' ? 'info' : 'warn'));
  const code = await command.run({
    config,
    logger,
    args: parsed.positionals,
    options: parsed.values,
    out: process.stdout,
  });
  return code ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = userMessage(error);
    console.error(message === undefined ? error : `Error: ${message}`);
    process.exitCode = 1;
  },
);
