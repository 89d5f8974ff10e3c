// Run under the gateway's Node (>= 22 has a global WebSocket): connects to the gateway's
// WebSocket, answers the connect challenge as an operator CLI client with the given token (none
// when empty) and prints the gateway's reply as one JSON line: { ok, code, type }.
const [url, token] = process.argv.slice(2);
const print = (r) => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
};
const timer = setTimeout(() => print({ ok: false, code: 'TIMEOUT' }), 50000);
const ws = new WebSocket(url);
ws.onmessage = (ev) => {
  const frame = JSON.parse(String(ev.data));
  if (frame.type === 'event' && frame.event === 'connect.challenge') {
    ws.send(
      JSON.stringify({
        type: 'req',
        id: 'probe',
        method: 'connect',
        params: {
          minProtocol: 4,
          maxProtocol: 4,
          client: { id: 'cli', version: '0.0.0', platform: 'linux', mode: 'cli' },
          role: 'operator',
          scopes: ['operator.read'],
          caps: [],
          commands: [],
          permissions: {},
          ...(token ? { auth: { token } } : {}),
        },
      }),
    );
    return;
  }
  if (frame.type === 'res' && frame.id === 'probe') {
    clearTimeout(timer);
    ws.close();
    print({
      ok: frame.ok === true,
      type: frame.payload?.type,
      code: frame.error?.details?.code ?? frame.error?.code,
      topCode: frame.error?.code,
    });
  }
};
ws.onclose = (ev) => print({ ok: false, code: `CLOSED_${ev.code}` });
