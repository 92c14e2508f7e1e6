// The default EXI decoder of the V2G session layer: parsers/exi's exiDecode (libcbv2g-compatible JSON),
// adapted to the injected ExiDecodeFn signature. Kept in its own file so connection.ts and the session
// logic do not depend on the codec.
import { exiDecode } from '../../exi';
import type { ExiDecodeFn } from './types';

export const realExiDecode: ExiDecodeFn = (schema, bytes) => exiDecode(schema, bytes);
