// Values worth plotting over time, read out of decoded bodies: power, current, voltage, state of charge,
// limits, prices, energy. Knows the shapes that carry them: OCPP sampledValue entries (value + measurand +
// unit), ISO 15118 / DIN PhysicalValue objects (Value x 10^Multiplier, Unit), and plain numeric fields
// whose names say what they are. Bounded walk; never throws.

export interface Sample {
  /** Series name, e.g. "Power.Active.Import" or "EVTargetCurrent". */
  name: string;
  unit: string;
  value: number;
}

const INTERESTING = /(power|current|voltage|soc|limit|price|energy|tariff|cost|amount|setpoint|percent)/i;
const UNITS: [RegExp, string][] = [[/voltage/i, 'V'], [/current/i, 'A'], [/power/i, 'W'], [/soc|percent/i, '%'], [/energy/i, 'Wh']];
const MAX_VISIT = 5000;
const MAX_SAMPLES = 200;

function guessUnit(name: string): string {
  for (const [re, u] of UNITS) if (re.test(name)) return u;
  return '';
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

export function extractSamples(body: unknown): Sample[] {
  const out: Sample[] = [];
  let visited = 0;
  const walk = (v: unknown, key: string): void => {
    if (out.length >= MAX_SAMPLES || ++visited > MAX_VISIT) return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, key);
      return;
    }
    if (v === null || typeof v !== 'object') {
      const n = num(v);
      if (n !== undefined && typeof v === 'number' && INTERESTING.test(key)) out.push({ name: key, unit: guessUnit(key), value: n });
      return;
    }
    const o = v as Record<string, unknown>;
    // OCPP SampledValue: { value, measurand?, unit? | unitOfMeasure?: { unit, multiplier } }
    if ('value' in o && (key === 'sampledValue' || 'measurand' in o)) {
      const n = num(o.value);
      if (n !== undefined) {
        const uom = o.unitOfMeasure as { unit?: unknown; multiplier?: unknown } | undefined;
        const mult = typeof uom?.multiplier === 'number' ? uom.multiplier : 0;
        const phase = typeof o.phase === 'string' ? ` ${o.phase}` : '';
        out.push({
          name: `${typeof o.measurand === 'string' ? o.measurand : 'Energy.Active.Import.Register'}${phase}`,
          unit: typeof o.unit === 'string' ? o.unit : typeof uom?.unit === 'string' ? uom.unit : '',
          value: n * 10 ** mult,
        });
      }
      return;
    }
    // ISO 15118 / DIN PhysicalValue: { Multiplier, Unit?, Value }
    if ('Value' in o && 'Multiplier' in o) {
      const n = num(o.Value);
      const m = num(o.Multiplier);
      if (n !== undefined && m !== undefined) out.push({ name: key, unit: typeof o.Unit === 'string' ? o.Unit : guessUnit(key), value: n * 10 ** m });
      return;
    }
    for (const [k, child] of Object.entries(o)) walk(child, k);
  };
  try {
    walk(body, '');
  } catch {
    // a hostile body yields what was found
  }
  return out;
}
