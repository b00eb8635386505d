// `node --import ./register-typescript.mjs` (or a Worker's execArgv): installs typescript-hooks.mjs.
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
