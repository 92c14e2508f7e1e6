// The application bound to one TCP connection, chosen from its first bytes (Wireshark's heuristic table).

import type { Direction } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';

export interface TcpApp {
  push(dir: Direction, data: Uint8Array, at: FrameRef): void;
  gap(dir: Direction, missingBytes: number, at: FrameRef): void;
  end(dir: Direction, at: FrameRef): void;
}

/** Traffic no decoder claims (DNS over TCP, SMB, TLS without keys, ...): skipped silently. */
export const IGNORED_APP: TcpApp = {
  push() {},
  gap() {},
  end() {},
};
