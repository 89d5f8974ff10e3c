import { interp, ref } from '../../lib/nomad/model';
import { traefikTags } from '../../lib/octant/traefik';
import { homepageTags } from '../../lib/octant/homepage';
import { concatStr } from '../../lib/octant/str';
import {
  renderHostVolumeClientConfig,
  renderPrepareHostVolumes,
} from '../../lib/octant/host-volumes';
import { hclwriteCanonical as isCanonical } from '../nomad/hcl/judges';
import { parse as hcl2json } from '@cdktf/hcl2json';

describe('traefikTags', () => {
  test("default tags follow Octant's convention", () => {
    expect(
      traefikTags({ router: 'demo', host: 'demo.octant.net', certresolver: 'cloudflare' }),
    ).toEqual([
      'traefik.enable=true',
      'traefik.consulcatalog.connect=false',
      'traefik.http.routers.demo.rule=Host(`demo.octant.net`)',
      'traefik.http.routers.demo.entrypoints=web,websecure',
      'traefik.http.routers.demo.tls.certresolver=cloudflare',
      'traefik.http.routers.demo.middlewares=redirect-web-to-websecure@internal',
    ]);
  });

  test('variables stay references inside one interpolation', () => {
    const tags = traefikTags({
      router: ref('servicename'),
      host: interp`${ref('servicename')}.${ref('domain')}`,
      middlewares: [],
    });
    expect(tags[2]).toEqual({
      kind: 'interp',
      parts: [
        'traefik.http.routers.',
        ref('servicename'),
        '.rule=Host(`',
        ref('servicename'),
        '.',
        ref('domain'),
        '`)',
      ],
    });
    expect(tags).toHaveLength(4);
  });

  test('rejects a middleware name Traefik could not parse', () => {
    expect(() => traefikTags({ router: 'x', host: 'x', middlewares: ['a b'] })).toThrow(
      /not a valid Traefik name/,
    );
  });
});

test('homepageTags', () => {
  expect(
    homepageTags({
      group: 'AI',
      name: 'OpenClaw',
      icon: 'openclaw.png',
      description: concatStr('at ', ref('domain')),
    }),
  ).toEqual([
    'homepage.group=AI',
    'homepage.name=OpenClaw',
    'homepage.icon=openclaw.png',
    { kind: 'interp', parts: ['homepage.description=at ', ref('domain')] },
  ]);
});

describe('host volumes', () => {
  const volumes = [
    { name: 'cfg', path: '/opt/oc/config', uid: 1000, gid: 1000 },
    { name: 'ro', path: '/opt/oc/ro dir', uid: 0, gid: 0, readOnly: true },
  ];

  test('client snippet is canonical HCL with one host_volume per volume', async () => {
    const text = renderHostVolumeClientConfig(volumes);
    expect(await isCanonical(text)).toBe(true);
    const json = (await hcl2json('x.hcl', text)) as {
      client: { host_volume: Record<string, { path: string; read_only: boolean }[]> }[];
    };
    expect(json.client[0].host_volume.cfg[0]).toEqual({ path: '/opt/oc/config', read_only: false });
    expect(json.client[0].host_volume.ro[0].read_only).toBe(true);
  });

  test('prepare script creates and chowns every path, quoting when needed', () => {
    const sh = renderPrepareHostVolumes(volumes);
    expect(sh).toContain('mkdir -p /opt/oc/config');
    expect(sh).toContain("mkdir -p '/opt/oc/ro dir'");
    expect(sh).toContain('podman unshare chown -R 1000:1000 /opt/oc/config');
    expect(sh).toMatch(/subuid/);
  });

  test('a relative path is refused', () => {
    expect(() =>
      renderHostVolumeClientConfig([{ name: 'x', path: 'rel', uid: 1, gid: 1 }]),
    ).toThrow(/not an absolute path/);
  });
});
