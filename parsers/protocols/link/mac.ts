// MAC address text "aa:bb:cc:dd:ee:ff" (lowercase, as Wireshark prints eth.src / eth.dst).

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

export function formatMac(b: Uint8Array, o: number): string {
  return `${HEX[b[o]]}:${HEX[b[o + 1]]}:${HEX[b[o + 2]]}:${HEX[b[o + 3]]}:${HEX[b[o + 4]]}:${HEX[b[o + 5]]}`;
}

export const UNKNOWN_MAC = '00:00:00:00:00:00';
