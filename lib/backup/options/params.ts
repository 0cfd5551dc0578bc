// The validated options of the backup module: the type is generated from schemas/backup.schema.json.
export type { BackupOptions as BackupParams } from '../../../generated/options';
