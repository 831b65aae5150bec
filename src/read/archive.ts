import yauzl from 'yauzl';
import type { ReadRejection } from './reject';

/**
 * A decompression-bomb guard: sums the sizes the zip's central directory declares before
 * SheetJS inflates anything (SheetJS has no cap of its own). A lying directory is caught
 * later by the parsing worker's memory limit.
 */
export function checkArchive(buffer: Buffer, maxInflatedBytes: number): Promise<ReadRejection | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return resolve({ rule: 'PARSE.unreadable', reason: `压缩包结构损坏（${err?.message ?? '无法打开'}）` });
      let declared = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (declared > maxInflatedBytes) {
          zip.close();
          return resolve({
            rule: 'PARSE.too-large',
            reason: `解压后超过 ${Math.round(maxInflatedBytes / 1048576)} MB（压缩包声明的内容过大，可能是压缩炸弹）`,
          });
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve(null));
      zip.on('error', (e: Error) => resolve({ rule: 'PARSE.unreadable', reason: `压缩包结构损坏（${e.message}）` }));
      zip.readEntry();
    });
  });
}
