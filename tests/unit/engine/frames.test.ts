// Small parts of the frame tracking behind "export pcapng": which permessage-deflate agreements make a
// message depend on the earlier ones (RFC 7692 §7.1.1), and the raw-payload arena with empty payloads (a
// body-less 2030.5 GET as the capture's first record used to throw there and lose the record).
import { expect, it } from 'vitest';
import { deflateTakeover } from '../../../parsers/engine/frameTrack';
import { ByteArena } from '../../../parsers/engine/arena';

it('context takeover per direction from the 101 response\'s Sec-WebSocket-Extensions', () => {
  // what the corpus chargers' CSMS answered
  expect(deflateTakeover('permessage-deflate; server_max_window_bits=12; client_max_window_bits=12')).toEqual([true, true]);
  expect(deflateTakeover('permessage-deflate; client_no_context_takeover')).toEqual([false, true]);
  expect(deflateTakeover('permessage-deflate;server_no_context_takeover; client_no_context_takeover')).toEqual([false, false]);
  expect(deflateTakeover('Permessage-Deflate; Server_No_Context_Takeover')).toEqual([true, false]);
  // no compression, or another extension only: nothing depends on earlier messages
  expect(deflateTakeover('')).toEqual([false, false]);
  expect(deflateTakeover('x-webkit-deflate-frame')).toEqual([false, false]);
  // a parameter that merely starts like one does not count
  expect(deflateTakeover('permessage-deflate; client_no_context_takeover_x')).toEqual([true, true]);
});

it('the arena keeps empty payloads, first or not', () => {
  const a = new ByteArena();
  const empty = a.add(new Uint8Array(0));
  expect(a.get(empty, 0)).toEqual(new Uint8Array(0));
  const one = a.add(Uint8Array.of(1, 2, 3));
  expect([...a.get(one, 3)]).toEqual([1, 2, 3]);
  const again = a.add(new Uint8Array(0));
  expect(a.get(again, 0).length).toBe(0);
  expect([...a.get(one, 3)]).toEqual([1, 2, 3]);
});
