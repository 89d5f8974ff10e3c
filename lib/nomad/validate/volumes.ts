import { Volume } from '../model';
import { defineRule } from './diagnostic';
import { GroupCtx, TaskCtx } from './context';
import { arrayOf, numberOf, text } from './values';

const ACCESS_MODES = [
  'single-node-reader-only',
  'single-node-writer',
  'multi-node-reader-only',
  'multi-node-single-writer',
  'multi-node-multi-writer',
];
const ATTACHMENT_MODES = ['file-system', 'block-device'];
/** A host volume's access modes (dynamic host volumes; "" is the default). */
const HOST_ACCESS_MODES = [
  'single-node-reader-only',
  'single-node-writer',
  'single-node-single-writer',
  'single-node-multi-writer',
];
/** Modes whose volume is mounted read-only. */
const READER_MODES = ['single-node-reader-only', 'multi-node-reader-only'];
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

// VolumeRequest.Validate (nomad/structs/volumes.go), called by TaskGroup.Validate.
const MOUNT_OPTIONS = defineRule(
  'volume-mount-options',
  'error',
  'volume#mount_options',
  'mount_options only on a csi volume attached as a file system.',
);
const HOST_ACCESS_MODE = defineRule(
  'volume-host-access-mode',
  'error',
  'volume#access_mode',
  `A host volume's access_mode is one of ${HOST_ACCESS_MODES.join(', ')}.`,
);
const READ_ONLY = defineRule(
  'volume-access-read-only',
  'error',
  'volume#read_only',
  `A volume with access_mode ${READER_MODES.join(' or ')} is read_only.`,
);
const ONE_WRITER = defineRule(
  'volume-access-one-writer',
  'error',
  'volume#per_alloc',
  'A csi volume one node or one writer uses is per_alloc when the group count is above 1.',
);
const PER_ALLOC = defineRule(
  'volume-per-alloc',
  'error',
  'volume#per_alloc',
  'A per_alloc volume is not sticky, and not in a system or sysbatch job or a group with canaries.',
);

/** The group's volumes; `canaries` is the canary count of its update block (merged). */
export function checkVolumes(c: GroupCtx, canaries = 0): void {
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
    if (v.type === 'csi') checkCsiModes(c, v, at);
    else checkHostModes(c, v, at);
    checkReaderModes(c, v, at);
    checkPerAlloc(c, v, at, canaries);
  }
}

/** Unset or false (an expression is left alone: its value is not known here). */
const notSet = (b: unknown): boolean => b === undefined || b === false;

function checkCsiModes(c: GroupCtx, v: Volume, at: string): void {
  const accessMode = text(v.accessMode);
  const attachmentMode = text(v.attachmentMode);
  const modes = [
    ['access_mode', accessMode, ACCESS_MODES],
    ['attachment_mode', attachmentMode, ATTACHMENT_MODES],
  ] as const;
  for (const [field, mode, known] of modes) {
    // The server refuses only a missing mode; the client refuses an unknown one.
    if (mode && known.includes(mode)) continue;
    c.r.add(
      CSI_MODE,
      `${at}.${field}`,
      `csi volume '${v.name}' ${field} '${mode ?? ''}' is missing or unknown`,
      `use one of ${known.map((m) => `"${m}"`).join(', ')}`,
    );
  }
  if (attachmentMode === 'block-device' && v.mountOptions !== undefined) {
    c.r.add(
      MOUNT_OPTIONS,
      `${at}.mount_options`,
      `csi volume '${v.name}' is a block device, which has no mount options`,
      'remove mount_options, or use attachment_mode = "file-system"',
    );
  }
  checkOneWriter(c, v, at, accessMode);
}

function checkHostModes(c: GroupCtx, v: Volume, at: string): void {
  if (v.mountOptions !== undefined) {
    c.r.add(
      MOUNT_OPTIONS,
      `${at}.mount_options`,
      `host volume '${v.name}' cannot have mount options`,
      'remove mount_options (they are for csi volumes); mount options of a host volume are set on the client',
    );
  }
  const mode = text(v.accessMode);
  if (mode !== undefined && mode !== '' && !HOST_ACCESS_MODES.includes(mode)) {
    c.r.add(
      HOST_ACCESS_MODE,
      `${at}.access_mode`,
      `host volume '${v.name}' cannot be mounted with access_mode '${mode}'`,
      `use one of ${HOST_ACCESS_MODES.join(', ')}, or leave access_mode out`,
    );
  }
}

function checkReaderModes(c: GroupCtx, v: Volume, at: string): void {
  const mode = text(v.accessMode);
  if (mode === undefined || !READER_MODES.includes(mode) || !notSet(v.readOnly)) return;
  // A host volume has no multi-node modes (refused above).
  if (v.type === 'host' && mode !== READER_MODES[0]) return;
  c.r.add(
    READ_ONLY,
    `${at}.read_only`,
    `volume '${v.name}' has access_mode '${mode}' but is not read_only`,
    'set read_only = true, or use a writer access_mode',
  );
}

/** The group's count as Nomad canonicalizes it (scaling min, else 1); undefined if unknown. */
function groupCount(c: GroupCtx): number | undefined {
  const { count, scaling } = c.group;
  if (count !== undefined) return numberOf(count);
  return scaling?.min === undefined ? 1 : numberOf(scaling.min);
}

function checkOneWriter(c: GroupCtx, v: Volume, at: string, mode: string | undefined): void {
  const count = groupCount(c);
  if (count === undefined || count <= 1 || !notSet(v.perAlloc)) return;
  const single =
    mode === 'single-node-reader-only' ||
    mode === 'single-node-writer' ||
    (mode === 'multi-node-single-writer' && notSet(v.readOnly));
  if (!single) return;
  c.r.add(
    ONE_WRITER,
    `${at}.access_mode`,
    `csi volume '${v.name}' with access_mode '${mode}' allows one ${mode === 'single-node-reader-only' ? 'reader' : 'writer'}, but group '${c.group.name}' has count ${count}`,
    'set per_alloc = true (one volume per allocation, named source[n]), count = 1, or a multi-node access_mode',
  );
}

function checkPerAlloc(c: GroupCtx, v: Volume, at: string, canaries: number): void {
  if (v.perAlloc !== true) return;
  const why =
    c.type === 'system' || c.type === 'sysbatch'
      ? `a ${c.type} job`
      : canaries > 0
        ? 'a group with canaries'
        : v.sticky === true
          ? 'a sticky volume'
          : undefined;
  if (why === undefined) return;
  c.r.add(
    PER_ALLOC,
    `${at}.per_alloc`,
    `volume '${v.name}' cannot be per_alloc in ${why}`,
    v.sticky === true && why === 'a sticky volume'
      ? 'use per_alloc or sticky, not both'
      : 'remove per_alloc, or use a service job without canaries',
  );
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
