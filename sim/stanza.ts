// The stanza files mkszfile/mkvgdata write (grammar: `name:` then `<TAB>KEY= value` lines,
// blank line between stanzas, `##` comments), plus /bosinst.data and the filesystems copy.
import { aixDate } from './fmt';
import type { Lpar, VolumeGroup } from './types';

type Attrs = Array<[string, string | number]>;

const stanza = (name: string, attrs: Attrs): string =>
  `${name}:\n${attrs.map(([k, v]) => `\t${k}= ${v}`.replace(/ $/, '')).join('\n')}\n`;

export const unameInfo = (lpar: Lpar): string => `AIX ${lpar.hostname} 3 7 ${lpar.machineId}`;

/** /image.data for rootvg (with image_data), /tmp/vgdata/VG/VG.data otherwise. */
export function vgData(lpar: Lpar, vg: VolumeGroup, now: Date, shrink = false): string {
  const parts: string[] = [];
  const isRoot = vg.name === 'rootvg';
  if (isRoot) {
    const userVgs = lpar.vgs.filter((v) => v.name !== 'rootvg' && v.state !== 'varied-off').map((v) => v.name);
    parts.push(
      stanza('image_data', [
        ['IMAGE_TYPE', 'bff'],
        ['DATE_TIME', aixDate(now)],
        ['UNAME_INFO', unameInfo(lpar)],
        ['PRODUCT_TAPE', 'no'],
        ['USERVG_LIST', userVgs.join(' ')],
        ['PLATFORM', 'chrp'],
        ['OSLEVEL', lpar.oslevel.vrmf],
        ['OSLEVEL_R', lpar.oslevel.ml],
        ['CPU_ID', lpar.machineId],
        ['LPAR_ID', lpar.lparId],
      ]),
    );
  }
  parts.push(stanza('logical_volume_policy', [['SHRINK', shrink ? 'yes' : 'no'], ['EXACT_FIT', 'no']]));
  parts.push(stanza('ils_data', [['LANG', 'C']]));
  parts.push('##Command used for vg_data; /usr/sbin/lsvg\n');
  parts.push(
    stanza('vg_data', [
      ['VGNAME', vg.name],
      ['PPSIZE', vg.ppSizeMb],
      ['VARYON', 'yes'],
      ['VG_SOURCE_DISK_LIST', vg.disks.join(' ')],
      ['QUORUM', 2],
      ['ENH_CONC_CAPABLE', 'no'],
      ['CONC_AUTO', 'no'],
      ['BIGVG', 'no'],
      ['TFACTOR', 1],
    ]),
  );
  parts.push('##Command used for source_disk_data; /usr/sbin/bootinfo\n');
  for (const name of vg.disks) {
    const d = lpar.disks.find((x) => x.name === name);
    parts.push(
      stanza('source_disk_data', [
        ['PVID', d?.pvid ?? 'none'],
        ['PHYSICAL_LOCATION', d?.location ?? ''],
        ['CONNECTION', 'vscsi0//810000000000'],
        ['LOCATION', ''],
        ['SIZE_MB', d?.sizeMb ?? 0],
        ['HDISKNAME', name],
      ]),
    );
  }
  parts.push('##Command used for lv_data; /usr/sbin/lslv\n');
  vg.lvs.forEach((lv, i) => {
    const minLps = lv.fs ? Math.max(1, Math.ceil(lv.fs.usedMb / vg.ppSizeMb)) : lv.lps;
    parts.push(
      stanza('lv_data', [
        ['VOLUME_GROUP', vg.name],
        ['LV_SOURCE_DISK_LIST', Object.keys(lv.alloc).join(' ')],
        ['LV_IDENTIFIER', `${vg.id}.${i + 1}`],
        ['LOGICAL_VOLUME', lv.name],
        ['VG_STAT', 'active/complete'],
        ['TYPE', lv.type],
        ['MAX_LPS', 512],
        ['COPIES', lv.copies],
        ['LPs', lv.lps],
        ['STALE_PPs', 0],
        ['INTER_POLICY', 'minimum'],
        ['INTRA_POLICY', lv.type === 'boot' ? 'edge' : 'center'],
        ['MOUNT_POINT', lv.mount ?? ''],
        ['MIRROR_WRITE_CONSISTENCY', 'on/ACTIVE'],
        ['LV_SEPARATE_PV', 'yes'],
        ['PERMISSION', 'read/write'],
        ['LV_STATE', lv.open ? 'opened/syncd' : 'closed/syncd'],
        ['WRITE_VERIFY', 'off'],
        ['PP_SIZE', vg.ppSizeMb],
        ['SCHED_POLICY', 'parallel'],
        ['PP', lv.lps * lv.copies],
        ['BB_POLICY', lv.type === 'boot' ? 'non-relocatable' : 'relocatable'],
        ['RELOCATABLE', lv.type === 'boot' ? 'no' : 'yes'],
        ['UPPER_BOUND', 32],
        ['LABEL', lv.type === 'boot' ? 'primary_bootlv' : lv.mount ?? 'None'],
        ['MAPFILE', ''],
        ['LV_MIN_LPS', minLps],
        ['STRIPE_WIDTH', ''],
        ['STRIPE_SIZE', ''],
        ['SERIALIZE_IO', 'no'],
        ['FS_TAG', ''],
        ['DEV_SUBTYP', ''],
      ]),
    );
  });
  for (const lv of vg.lvs) {
    if (!lv.mount || !lv.fs) continue;
    // FS_SIZE and FS_MIN_SIZE are 512-byte blocks (the value mkfs -s takes).
    parts.push(
      stanza('fs_data', [
        ['FS_NAME', lv.mount],
        ['FS_SIZE', lv.lps * vg.ppSizeMb * 2048],
        ['FS_MIN_SIZE', Math.max(1, lv.fs.usedMb) * 2048],
        ['FS_LV', `/dev/${lv.name}`],
        ['FS_JFS2_BS', 4096],
        ['FS_JFS2_SPARSE', 'yes'],
        ['FS_JFS2_INLINELOG', 'no'],
        ['FS_JFS2_SIZEINLINELOG', 0],
        ['FS_JFS2_EAFORMAT', 'v2'],
        ['FS_JFS2_QUOTA', 'no'],
        ['FS_JFS2_DMAPI', 'no'],
        ['FS_JFS2_VIX', 'yes'],
        ['FS_JFS2_EFS', 'no'],
      ]),
    );
  }
  parts.push(stanza(isRoot ? 'post_install_data' : 'post_restvg', [[isRoot ? 'BOSINST_FILE' : 'RESTVG_FILE', '']]));
  return parts.join('\n');
}

/** The VG's /etc/filesystems stanzas, saved in savevg images as ./tmp/vgdata/VG/filesystems. */
export function filesystems(vg: VolumeGroup): string {
  const log = vg.lvs.find((lv) => lv.type === 'jfs2log');
  return vg.lvs
    .filter((lv) => lv.mount)
    .map(
      (lv) =>
        `${lv.mount}:\n\tdev\t\t= /dev/${lv.name}\n\tvfs\t\t= jfs2\n\tlog\t\t= /dev/${log?.name ?? 'INLINE'}\n` +
        `\tmount\t\t= true\n\taccount\t\t= false\n`,
    )
    .join('\n');
}

/** /bosinst.data uses `KEY = value` (spaces around `=`), unlike image.data. */
export function bosinstData(lpar: Lpar, rootDisks: string[]): string {
  const control = [
    'control_flow:',
    '    CONSOLE = Default',
    '    INSTALL_METHOD = overwrite',
    '    PROMPT = yes',
    '    EXISTING_SYSTEM_OVERWRITE = yes',
    '    RECOVER_DEVICES = Default',
    '    BOSINST_DEBUG = no',
    '    ACCEPT_LICENSES = ',
    '',
  ];
  const disks = rootDisks.flatMap((name) => {
    const d = lpar.disks.find((x) => x.name === name);
    return [
      'target_disk_data:',
      `    PVID = ${d?.pvid ?? ''}`,
      `    PHYSICAL_LOCATION = ${d?.location ?? ''}`,
      '    CONNECTION = vscsi0//810000000000',
      '    LOCATION = ',
      `    SIZE_MB = ${d?.sizeMb ?? 0}`,
      `    HDISKNAME = ${name}`,
      '',
    ];
  });
  return [...control, ...disks, 'locale:', '    BOSINST_LANG = en_US', '    CULTURAL_CONVENTION = C', '    MESSAGES = C', '    KEYBOARD = C', ''].join('\n');
}
