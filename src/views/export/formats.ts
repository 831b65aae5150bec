/** The export file formats (apart from the writers, so the CLI lists them without loading exceljs). */
export type ExportFormat = 'csv' | 'xlsx' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'jsonl'];
