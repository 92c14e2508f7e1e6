// IEEE 2030.5 units and power-of-ten multipliers for display (IEEE 2030.5-2018 UomType and
// PowerOfTenMultiplierType, whose codes come from IEC 61968-9): value x 10^multiplier, with the unit symbol.

/** UomType codes listed in sep.xsd (2030.5-2018) -> unit symbol. */
export const UOM_SYMBOLS: Readonly<Record<number, string>> = {
  0: '', 5: 'A', 6: 'K', 23: '°C', 29: 'V', 31: 'J', 33: 'Hz', 38: 'W', 42: 'm³', 61: 'VA', 63: 'var', 65: 'cosθ',
  67: 'V²', 69: 'A²', 71: 'VAh', 72: 'Wh', 73: 'varh', 106: 'Ah', 119: 'ft³', 122: 'ft³/h', 125: 'm³/h',
  128: 'US gal', 129: 'US gal/h', 130: 'imp gal', 131: 'imp gal/h', 132: 'BTU', 133: 'BTU/h', 134: 'L', 137: 'L/h',
  140: 'Pa (gauge)', 155: 'Pa (absolute)', 169: 'therm',
};

const PREFIX: Readonly<Record<number, string>> = { [-9]: 'n', [-6]: 'µ', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G' };

export interface DisplayValue {
  /** value x 10^multiplier as a number (exact for the usual integer ranges). */
  scaled: number;
  /** unit symbol ('' when none or unknown) */
  unit: string;
  /** human text, e.g. "-5 kW", "230.1 V" */
  text: string;
}

/** Scales a 2030.5 value by its power-of-ten multiplier (-9..9) and names the unit. */
export function displayValue(value: number | string, multiplier?: number | string, uom?: number | string): DisplayValue {
  const v = typeof value === 'number' ? value : Number(value);
  const m = multiplier === undefined || multiplier === '' ? 0 : Math.trunc(Number(multiplier));
  const u = uom === undefined || uom === '' ? undefined : Number(uom);
  const unit = u === undefined ? '' : (UOM_SYMBOLS[u] ?? `uom ${u}`);
  if (!Number.isFinite(v) || !Number.isFinite(m)) return { scaled: NaN, unit, text: `${String(value)} (invalid)` };
  // Decimal shift on the digits avoids binary floating-point noise (3 x 10^-1 -> 0.3, not 0.30000000000000004).
  const scaled = Number(`${v}e${m}`);
  let text: string;
  const prefix = PREFIX[m];
  if (prefix !== undefined && unit !== '' && u !== 65) text = `${v} ${prefix}${unit}`;
  else text = unit === '' ? `${scaled}` : `${scaled} ${unit}`;
  return { scaled, unit, text };
}
