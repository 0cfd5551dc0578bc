// The validated options of the mksysb module (schemas/mksysb.schema.json): those of
// community.general.mksysb, plus max_age, force and lock_timeout.

export interface MksysbParams {
  name: string;
  storage_path: string;
  backup_crypt_files: boolean;
  backup_dmapi_fs: boolean;
  create_map_files: boolean;
  exclude_files: boolean;
  exclude_wpar_files: boolean;
  extended_attrs: boolean;
  new_image_data: boolean;
  software_packing: boolean;
  use_snapshot: boolean;
  max_age?: string;
  force: boolean;
  lock_timeout: number;
}
