import type { ModuleVariable } from '../../lib/octant/module-spec';
import { variablesTable } from '../../lib/octant/readme';
import {
  findLiteralSecrets,
  isCredentialName,
  redactLiteralSecrets,
  scanValue,
} from '../../lib/secrets/literal-scan';

/**
 * The one credential detector, shape by shape. Every "found" row holds CANARY somewhere and
 * checks that the scan finds it at the right field and that redaction removes it; every "not
 * found" row is an ordinary setting or a reference that must pass untouched.
 */
const C = 'Zq8vR2mT7xK4pW9nB3sL6yH1'; // a credential-looking canary
const CANARY = `CANARY${C}`;

// [label, JSON value, field path the hit names]
const OBJECT_FOUND: [string, unknown, string][] = [
  ['x-api-key header', { headers: { 'x-api-key': CANARY } }, 'o.headers.x-api-key'],
  [
    'Authorization: Bearer',
    { headers: { Authorization: `Bearer ${CANARY}` } },
    'o.headers.Authorization',
  ],
  [
    'header as a name/value pair',
    { headers: [{ name: 'Authorization', value: `Bearer ${CANARY}` }] },
    'o.headers[0].value',
  ],
  ['array token', { tokens: [CANARY] }, 'o.tokens[0]'],
  ['nested { apiKey: { value } }', { apiKey: { value: CANARY } }, 'o.apiKey.value'],
  ['apiKeys', { apiKeys: [CANARY] }, 'o.apiKeys[0]'],
  ['privateKey', { privateKey: CANARY }, 'o.privateKey'],
  ['secretKey', { secretKey: CANARY }, 'o.secretKey'],
  ['key with a token-looking value', { key: C }, 'o.key'],
  ['clientSecret', { oauth: { clientSecret: CANARY } }, 'o.oauth.clientSecret'],
  ['accessToken', { accessToken: CANARY }, 'o.accessToken'],
  ['refreshToken', { refreshToken: CANARY }, 'o.refreshToken'],
  ['bearer', { bearer: CANARY }, 'o.bearer'],
  ['password with spaces', { password: 'correct horse battery staple' }, 'o.password'],
  ['deep in arrays', { a: [{ b: [{ botToken: CANARY }] }] }, 'o.a[0].b[0].botToken'],
  ['env *_APIKEY', { OPENAI_APIKEY: CANARY }, 'o.OPENAI_APIKEY'],
  ['env *_API_KEY', { OPENAI_API_KEY: CANARY }, 'o.OPENAI_API_KEY'],
  ['env GITHUB_PAT', { GITHUB_PAT: CANARY }, 'o.GITHUB_PAT'],
  ['env *_TOKEN', { DISCORD_TOKEN: CANARY }, 'o.DISCORD_TOKEN'],
  ['env *_SECRET', { WEBHOOK_SECRET: CANARY }, 'o.WEBHOOK_SECRET'],
  ['env *_PASSWORD', { DB_PASSWORD: CANARY }, 'o.DB_PASSWORD'],
  ['env *_PASS', { SMTP_PASS: CANARY }, 'o.SMTP_PASS'],
  ['DSN with a password', { DATABASE_URL: `postgres://user:${CANARY}@db/app` }, 'o.DATABASE_URL'],
  ['redis URL with only a password', { url: `redis://:${CANARY}@cache:6379` }, 'o.url'],
  ['token shape under any name', { note: `sk-ant-${C}${C}` }, 'o.note'],
  ['template text inside a value', { data: `[db]\npassword = "${CANARY}"\n` }, 'o.data'],
];

const OBJECT_CLEAN: [string, unknown][] = [
  ['${VAR}', { apiKey: '${OPENAI_API_KEY}' }],
  ['Bearer ${VAR}', { headers: { Authorization: 'Bearer ${TOKEN}' } }],
  ['nomadVar template', { password: '{{ with nomadVar "nomad/jobs/x" }}{{ .pw }}{{ end }}' }],
  ['op://', { token: 'op://Homelab/openclaw/gateway_token' }],
  ['os.environ/X', { api_key: 'os.environ/OPENAI_API_KEY' }],
  ['env:X', { secret: 'env:WEBHOOK_SECRET' }],
  ['var.x', { password: 'var.db_password' }],
  ['local.x', { token: 'local.token' }],
  ['file path', { passwordFile: '/run/secrets/pw', tokenPath: './token', secret: '/etc/x' }],
  ['maxTokens: 4096', { maxTokens: 4096, max_tokens: '4096' }],
  ['tokenLimit', { tokenLimit: 'unlimited-for-now' }],
  ['keyEnv: OPENAI_API_KEY', { keyEnv: 'OPENAI_API_KEY' }],
  ['booleans', { token: true, password: 'false', secret: null }],
  ['short numbers', { pin_token: 1234 }],
  ['SecretRef object', { apiKey: { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' } }],
  ['auth mode', { gateway: { auth: { mode: 'token' } } }],
  ['key of a dotted name', { key: 'openai.gpt-4o-2024-08-06' }],
  [
    'URL without a password',
    { url: 'https://user@example.com/x', baseUrl: 'http://litellm:4000/v1' },
  ],
  ['URL with a referenced password', { url: 'postgres://app:${DB_PASSWORD}@db/app' }],
  [
    'ordinary settings',
    { tokenizer: 'cl100k_base', token_type: 'bearer', keyboard: 'qwerty-layout' },
  ],
];

describe('structured values (configOverrides, env maps, override values)', () => {
  test.each(OBJECT_FOUND)('found: %s', (_label, value, at) => {
    const hits = scanValue(value, 'o');
    expect(hits.map((h) => h.path)).toContain(at);
    for (const h of hits) expect(JSON.stringify(h)).not.toContain(C);
  });
  test.each(OBJECT_CLEAN)('not a credential: %s', (_label, value) => {
    expect(scanValue(value, 'o')).toEqual([]);
  });
});

// [label, config text, line, name]
const TEXT_FOUND: [string, string, number, string][] = [
  ['YAML', `model_list:\n  - api_key: ${CANARY}\n`, 2, 'api_key'],
  ['JSON', `{\n  "apiKey": "${CANARY}"\n}`, 2, 'apiKey'],
  ['HCL env', `env {\n  API_TOKEN = "${CANARY}"\n}`, 2, 'API_TOKEN'],
  ['.env', `A=1\nGITHUB_PAT=${CANARY}\n`, 2, 'GITHUB_PAT'],
  ['header line', `Authorization: Bearer ${CANARY}\n`, 1, 'Authorization'],
  ['x-api-key line', `x-api-key: ${CANARY}\n`, 1, 'x-api-key'],
  ['password with spaces', 'password = "correct horse battery staple"\n', 1, 'password'],
  ['TOML multi-line', `[x]\nsecret = """\n${CANARY}\nmore\n"""\n`, 2, 'secret'],
  ['YAML block scalar', `a: 1\nprivate_key: |\n  ${CANARY}\n  line2\nb: 2\n`, 3, 'private_key'],
  ['YAML folded scalar', `token: >-\n  ${CANARY}\n`, 2, 'token'],
  ['inline array', `tokens = ["${CANARY}", "x"]\n`, 1, 'tokens'],
  ['YAML list', `tokens:\n  - ${CANARY}\n`, 2, 'tokens'],
  ['nested inline value', `apiKey = { value = "${CANARY}" }\n`, 1, 'apiKey'],
  ['nested YAML value', `apiKey:\n  value: ${CANARY}\n`, 2, 'apiKey'],
  ['DSN', `url: postgres://user:${CANARY}@host/db\n`, 1, 'url_password'],
  ['redis DSN', `REDIS=redis://:${CANARY}@h:6379\n`, 1, 'url_password'],
  ['key with a token value', `key: ${C}\n`, 1, 'key'],
  ['a shape under any name', `note: ghp_${C}${C}\n`, 1, 'github_token'],
];

const TEXT_CLEAN: [string, string][] = [
  ['references', 'token: ${TELEGRAM_TOKEN}\napi_key: os.environ/OPENAI_API_KEY\n'],
  ['HCL references', 'DB_PASSWORD = var.DB_PASSWORD\nTOKEN = local.token\n'],
  ['nomadVar', 'PASSWORD={{ with nomadVar "nomad/jobs/x" }}{{ .pw }}{{ end }}\n'],
  ['op and env', 'secret: op://V/i/f\npassword: env:PW\n'],
  ['paths', 'password_file: /run/secrets/pw\ntoken: ./token.txt\n'],
  [
    'settings',
    'maxTokens: 4096\ntokenLimit: 100000\nkeyEnv: OPENAI_API_KEY\nverify_token: false\n',
  ],
  ['short value', 'password: short\n'],
  ['URL without password', 'url: https://example.com:8443/path\n'],
  ['Bearer reference', 'Authorization: Bearer ${TOKEN}\n'],
  [
    'quoted template expression with quotes inside',
    `OPENCLAW_GATEWAY_TOKEN='{{ .gateway_token.Value | replaceAll "'" "'\\"'\\"'" }}'\n`,
  ],
];

describe('config text (files, template data, jobspecs)', () => {
  test.each(TEXT_FOUND)('found: %s', (_label, text, line, name) => {
    expect(findLiteralSecrets(text)).toContainEqual({ line, name });
    const red = redactLiteralSecrets(text);
    expect(red.text).not.toContain(C);
    expect(red.found.map((f) => f.line)).toContain(line);
  });
  test.each(TEXT_CLEAN)('not a credential: %s', (_label, text) => {
    expect(findLiteralSecrets(text)).toEqual([]);
    expect(redactLiteralSecrets(text).text).toBe(text);
  });
});

describe('names', () => {
  test.each([
    'apiKey',
    'api_key',
    'x-api-key',
    'OPENAI_APIKEY',
    'apiKeys',
    'privateKey',
    'secretKey',
    'clientSecret',
    'accessToken',
    'refreshToken',
    'bearer',
    'Authorization',
    'GITHUB_PAT',
    'SMTP_PASS',
    'DB_PASSWORD',
    'tokens',
    'credentials',
  ])('credential name: %s', (n) => expect(isCredentialName(n)).toBe(true));
  test.each([
    'tokenLimit',
    'keyEnv',
    'compass',
    'bypass',
    'passwordFile',
    'tokenizer',
    'key',
    'secretName',
    'authMode',
    'path',
  ])('not a credential name: %s', (n) => expect(isCredentialName(n)).toBe(false));
});

describe('the module README never prints a sensitive or credential-looking default', () => {
  test.each<[ModuleVariable]>([
    [{ name: 'webhook', type: 'string', description: 'd', default: CANARY, sensitive: true }],
    [{ name: 'api_token', type: 'string', description: 'd', default: CANARY }],
    [{ name: 'opts', type: 'string', description: 'd', default: `password = "${CANARY}"` }],
  ])('%j', (v) => {
    const table = variablesTable([v]);
    expect(table).toContain(`\`${v.name}\` (string, default set, not shown)`);
    expect(table).not.toContain(C);
  });
  test('an ordinary default is shown', () => {
    expect(
      variablesTable([{ name: 'port', type: 'number', description: 'd', default: 8080 }]),
    ).toBe('- `port` (number, `8080`) — d');
  });
});
