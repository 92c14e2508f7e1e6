// Types for pako's low-level zlib inflate port (pako/lib/zlib/inflate.js), used by boundedInflate.ts.
// Only the calls that file makes are declared.
declare module 'pako/lib/zlib/inflate.js' {
  interface PakoZStream {
    input: Uint8Array | null;
    next_in: number;
    avail_in: number;
    total_in: number;
    output: Uint8Array | null;
    next_out: number;
    avail_out: number;
    total_out: number;
    msg: string;
    state: unknown;
    data_type: number;
    adler: number;
  }
  const zlibInflate: {
    inflateInit2(strm: PakoZStream, windowBits: number): number;
    inflate(strm: PakoZStream, flush: number): number;
    inflateReset(strm: PakoZStream): number;
    inflateEnd(strm: PakoZStream): number;
  };
  export type { PakoZStream };
  export default zlibInflate;
}
