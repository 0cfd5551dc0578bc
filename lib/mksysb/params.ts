// The validated options of the mksysb module (those of community.general.mksysb, plus max_age,
// force and lock_timeout): the type is generated from schemas/mksysb.schema.json.
export type { MksysbOptions as MksysbParams } from '../../generated/options';
