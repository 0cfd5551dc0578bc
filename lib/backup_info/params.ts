// The validated options of the backup_info module: the type is generated from schemas/backup_info.schema.json.
export type { BackupInfoOptions as BackupInfoParams } from '../../generated/options';
