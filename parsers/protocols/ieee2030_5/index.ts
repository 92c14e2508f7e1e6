// IEEE 2030.5 (2013 and 2018, with the CSIP-AUS extensions) over HTTP: public surface of the decoder.
// Joins the `media_type` table (application/sep+xml, application/sep-exi) and the `xml.namespace` table
// (urn:ieee:std:2030.5:ns, http://ieee.org/2030.5).
export type { GridLink, GridMessage, HttpExchangeView } from '../openadr';
export { createIeee2030_5Context } from './context';
export type { Ieee2030_5Context } from './context';
export { decode2030_5, looksLike2030_5, NS_SEP_2018, NS_SEP_2013, NS_CSIPAUS, resourceNames } from './decode';
export { displayValue, UOM_SYMBOLS } from './units';
export type { DisplayValue } from './units';
export { functionSetOf } from './functionSets';
