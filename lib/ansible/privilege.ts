// The modules run AIX commands that only root may run (mksysb, savevg, restvg, alt_disk_mksysb)
// and keep their state in root's directories: a run by anyone else would fail halfway, on some
// command's own message. It fails first, saying why.

export function rootRequired(moduleName: string, euid: number | undefined = process.geteuid?.()): string | null {
  if (euid === undefined || euid === 0) return null;
  return `${moduleName} must run as root on the managed host; it runs as uid ${euid}. Its AIX commands (mksysb, savevg, restvg, alt_disk_mksysb, lsvg) and its state under /var/powerops need root: connect as root (ansible_user=root) or set become: true.`;
}
