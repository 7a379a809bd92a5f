import { Worksheet } from './worksheet';

/** The titles of cited evidence, joined for a one-line mention; ids no longer in the worksheet are skipped. */
export function citedLabel(worksheet: Pick<Worksheet, 'evidence'>, evidenceIds: readonly string[]): string {
  const titles = new Map(worksheet.evidence.map((item) => [item.id, item.title]));
  return evidenceIds
    .map((id) => titles.get(id))
    .filter((title): title is string => Boolean(title))
    .join('; ');
}
