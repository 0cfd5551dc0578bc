// The validated options of the backup_info module (schemas/backup_info.schema.json).

export interface BackupInfoParams {
  paths: string[];
  warn_age: string;
}
