// HomePlug AV / Green PHY management messages incl. SLAC (ISO 15118-3 Annex A): public surface of
// parsers/protocols/homeplug. Joins the `ethertype` table (0x88E1).
export { decodeHomePlug } from './decode';
export type { HomePlugMessage, HomePlugFragment } from './decode';
export type { Body as HomePlugBody } from './bodies';
export {
  ETHERTYPE_HOMEPLUG_AV,
  MMTYPE_KIND,
  MMTYPE_SUFFIX,
  OUI_DSPACE,
  OUI_QUALCOMM,
  OUI_ST_IOTECHA,
  PUBLIC_MMTYPES,
  QUALCOMM_MMTYPES,
  VENDOR_NAMES,
} from './constants';
export type { HomePlugKind } from './constants';
