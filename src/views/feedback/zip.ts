/**
 * Every department's feedback workbook of a year in one zip, streamed as the workbooks are
 * made (or given again): one workbook in memory at a time, whatever the number of agencies.
 * The workbooks are zips already, so they are stored, not compressed again.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { safeName } from '../../store/names';
import { feedbackFor, type AgencyYear } from '.';
import type { StoreView } from '../../store/api';

/** The zip of the workbooks of `agencyYears` that have open findings, one `<agency>.xlsx` each. */
export function feedbackZip(store: StoreView, agencyYears: readonly AgencyYear[], date?: string): ReadableStream<Uint8Array> {
  let next = 0;
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((err, chunk, final) => {
        if (err) return controller.error(err);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    // One workbook a pull: the reader's pace, not the store's size, sets the memory used.
    async pull() {
      while (next < agencyYears.length) {
        const { agency, year } = agencyYears[next++];
        const feedback = await feedbackFor(store, agency, year, date);
        if (!feedback) continue;
        const entry = new ZipPassThrough(`${year}/${safeName(agency)}.xlsx`);
        zip.add(entry);
        entry.push(feedback.bytes, true);
        return;
      }
      zip.end();
    },
  });
}
