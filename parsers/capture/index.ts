// Capture readers: pcap, pcapng and gzip of either, pushed chunk by chunk (files in slices or live
// pcapng from dumpcap). See reader.ts for the entry point and the diagnostics it raises:
// capture.empty, capture.bad_magic (fatal), capture.truncated, capture.bad_record_length,
// capture.bad_block, capture.gzip_truncated, capture.gzip_error.

export { createCaptureReader } from './reader';
export type { CaptureReaderOptions } from './reader';
export { convertTs, tsResolution } from './timestamps';
export type { TsResolution } from './timestamps';
