import { defineRule } from './diagnostic';
import { GroupCtx, TaskCtx } from './context';
import { arrayOf, text } from './values';

const ACCESS_MODES = [
  'single-node-reader-only',
  'single-node-writer',
  'multi-node-reader-only',
  'multi-node-single-writer',
  'multi-node-multi-writer',
];
const ATTACHMENT_MODES = ['file-system', 'block-device'];
const PROPAGATION = ['private', 'host-to-task', 'bidirectional'];

const UNDECLARED = defineRule(
  'volume-mount-undeclared',
  'error',
  'volume_mount',
  'volume_mount.volume names a volume declared in the group.',
);
const SOURCE = defineRule(
  'volume-host-source-missing',
  'error',
  'volume#source',
  'A volume has a source.',
);
const CSI_MODE = defineRule(
  'volume-csi-mode',
  'error',
  'volume#access_mode',
  'A csi volume has a valid access_mode and attachment_mode.',
);
const TYPE = defineRule(
  'volume-type-invalid',
  'error',
  'volume#type',
  'volume type is "host" or "csi".',
);
const PROPAGATION_MODE = defineRule(
  'volume-mount-propagation-invalid',
  'error',
  'volume_mount#propagation_mode',
  `propagation_mode is one of ${PROPAGATION.join(', ')}.`,
);

export function checkVolumes(c: GroupCtx): void {
  const { r } = c;
  for (const v of arrayOf(c.group.volume)) {
    const at = `${c.groupAt}.volume[${v.name}]`;
    if (v.type !== 'host' && v.type !== 'csi') {
      r.add(
        TYPE,
        `${at}.type`,
        `volume type '${String(v.type)}' is not "host" or "csi"`,
        'use type = "host" for a client host volume',
      );
      continue;
    }
    const src = text(v.source);
    if (v.source === undefined || src === '') {
      r.add(
        SOURCE,
        `${at}.source`,
        `${v.type} volume '${v.name}' has no source`,
        v.type === 'host'
          ? 'set source to the name of a host_volume in the client config'
          : 'set source to the CSI volume ID',
      );
    }
    if (v.type === 'csi') {
      const accessMode = text(v.accessMode);
      if (!accessMode || !ACCESS_MODES.includes(accessMode)) {
        r.add(
          CSI_MODE,
          `${at}.access_mode`,
          `csi volume '${v.name}' access_mode '${accessMode ?? ''}' is missing or unknown`,
          `use one of ${ACCESS_MODES.join(', ')}`,
        );
      }
      const attachmentMode = text(v.attachmentMode);
      if (!attachmentMode || !ATTACHMENT_MODES.includes(attachmentMode)) {
        r.add(
          CSI_MODE,
          `${at}.attachment_mode`,
          `csi volume '${v.name}' attachment_mode '${attachmentMode ?? ''}' is missing or unknown`,
          'use "file-system" or "block-device"',
        );
      }
    }
  }
}

export function checkVolumeMounts(c: TaskCtx): void {
  const declared = new Set(arrayOf(c.group.volume).map((v) => v.name));
  arrayOf(c.task.volumeMount).forEach((m, i) => {
    const at = `${c.taskAt}.volume_mount[${i}]`;
    if (!declared.has(text(m.volume) ?? '')) {
      c.r.add(
        UNDECLARED,
        `${at}.volume`,
        `volume_mount uses volume '${m.volume}', which group '${c.group.name}' does not declare`,
        declared.size > 0
          ? `use one of ${[...declared].map((d) => `'${d}'`).join(', ')}, or add a volume "${m.volume}" block to the group`
          : `add volume "${m.volume}" { type = "host" source = "..." } to the group`,
      );
    }
    const pm = text(m.propagationMode);
    if (pm !== undefined && !PROPAGATION.includes(pm)) {
      c.r.add(
        PROPAGATION_MODE,
        `${at}.propagation_mode`,
        `propagation_mode '${pm}' is not one of ${PROPAGATION.join(', ')}`,
        'use "private" (the default)',
      );
    }
  });
}
