// The validated options of the backup module (schemas/backup.schema.json), as the code sees them.

export interface BackupParams {
  action: 'create' | 'restore' | 'view';
  type: 'mksysb' | 'savevg';
  name?: string;
  flags?: string;
  location?: string;
  disk?: string[];
  script?: string;
  resolv_conf?: string;
  phase?: '1' | '2' | '3' | '12' | '23' | 'all';
  data_file?: string;
  create_data_file: 'yes' | 'mapfile' | 'no';
  exclude_fs?: string;
  remain_nim_client: boolean;
  import_vg: boolean;
  debug: boolean;
  bootlist: boolean;
  force: boolean;
  exclude_data: boolean;
  exclude_packing_files: boolean;
  exclude_files: boolean;
  extend_fs: boolean;
  minimize_lv_size: boolean;
  verbose: boolean;
  max_age?: string;
  keep?: number;
  /** Octal permissions of a new image file (schema: 0600, 0640, 0604 or 0644). */
  mode?: string;
  lock_timeout: number;
}
