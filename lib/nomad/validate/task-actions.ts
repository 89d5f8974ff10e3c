import { defineRule } from './diagnostic';
import { TaskCtx } from './context';
import { arrayOf, entries, text } from './values';
import { repeatedAt } from './names';

// A task's action and secret blocks (Action.Validate, Secret.Validate and Task.Validate).

const ACTION = defineRule(
  'action-invalid',
  'error',
  'action',
  'An action has a command, a name without whitespace of at most 128 characters, and a name no other action of the task has.',
);
const SECRET = defineRule(
  'secret-invalid',
  'error',
  'secret',
  'A secret has a unique name of letters, digits and "_", a provider and a path; nomad and vault secrets use no env block, other providers no config block; a vault secret needs a vault block.',
);

const ACTION_NAME = /^[^\0\s]{1,128}$/;
const SECRET_NAME = /^[a-zA-Z0-9_]{1,128}$/;

export function checkActions(c: TaskCtx): void {
  const actions = arrayOf(c.task.action);
  const repeated = new Set(repeatedAt(actions.map((a) => a.name)));
  actions.forEach((a, i) => {
    const at = `${c.taskAt}.action[${a.name}]`;
    if (a.command === '')
      c.r.add(
        ACTION,
        `${at}.command`,
        `action '${a.name}' has an empty command`,
        'set command = "/bin/sh" (args for its arguments)',
      );
    if (!ACTION_NAME.test(a.name))
      c.r.add(
        ACTION,
        at,
        `action name '${a.name}' is empty, too long or has whitespace`,
        'name it with no spaces, e.g. "reload-config"',
      );
    if (repeated.has(i))
      c.r.add(
        ACTION,
        `${c.taskAt}.action[${i}]`,
        `action '${a.name}' is defined more than once`,
        'give each action its own name',
      );
  });
}

export function checkSecrets(c: TaskCtx): void {
  const secrets = arrayOf(c.task.secret);
  const repeated = new Set(repeatedAt(secrets.map((s) => s.name)));
  secrets.forEach((s, i) => {
    const at = `${c.taskAt}.secret[${s.name}]`;
    const fail = (where: string, message: string, hint: string): void =>
      c.r.add(SECRET, where, message, hint);
    if (repeated.has(i))
      fail(
        `${c.taskAt}.secret[${i}]`,
        `secret '${s.name}' is defined more than once`,
        'give each secret its own name (a group or job secret is added to every task)',
      );
    if (!SECRET_NAME.test(s.name))
      fail(
        at,
        `secret name '${s.name}' is not letters, digits and "_"`,
        'rename it, e.g. "db_password"',
      );
    const provider = text(s.provider);
    if (s.provider === undefined || provider === '')
      fail(
        `${at}.provider`,
        `secret '${s.name}' has no provider`,
        'set provider = "nomad" or "vault"',
      );
    if (s.path === undefined || s.path === '')
      fail(`${at}.path`, `secret '${s.name}' has no path`, 'set path = "<path of the secret>"');
    if (provider === 'vault' && c.task.vault === undefined)
      fail(
        `${at}.provider`,
        `secret '${s.name}' has provider "vault" but the task has no vault block`,
        'add vault { role = "..." } to the task, group or job',
      );
    const builtIn = provider === 'nomad' || provider === 'vault';
    if (provider !== undefined && builtIn && entries(s.env).length > 0)
      fail(
        `${at}.env`,
        `the ${provider} provider of secret '${s.name}' cannot use an env block`,
        'remove env (env is for custom provider plugins)',
      );
    if (provider !== undefined && !builtIn && entries(s.config).length > 0)
      fail(
        `${at}.config`,
        `the custom provider ${provider} of secret '${s.name}' cannot use a config block`,
        'remove config (config is for the nomad and vault providers)',
      );
  });
}
