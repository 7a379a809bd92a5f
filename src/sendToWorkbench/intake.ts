import { Worksheet } from '../rca/worksheet';
import { decodePins, mergePinnedEvidence, pinnedEvidence, pinnedSummaryTitle } from './pins';

/** What became of the findings a link brought (`?pin=`), shown until dismissed. */
export type PinNotice = { severity: 'success' | 'error'; title: string; text: string };

function pinnedSummary(added: number, updated: number, omitted: number): string {
  const parts = [
    added > 0 ? `${added} added` : '',
    updated > 0 ? `${updated} already pinned, updated` : '',
    omitted > 0 ? `${omitted} later steps left out to keep the link short` : '',
  ].filter(Boolean);
  return `${parts.join(', ')}. They are under “Pinned evidence” on the Evidence tab, each with a link back to the panel.`;
}

/** The worksheet with the findings of a `pin` link among its pinned evidence, and what to say about it. */
export function withPins(worksheet: Worksheet, pin: string, at: number): { worksheet: Worksheet; notice: PinNotice } {
  const decoded = decodePins(pin);
  if (!decoded.ok) {
    return {
      worksheet,
      notice: { severity: 'error', title: 'The pinned findings were not added', text: decoded.problem },
    };
  }
  const items = pinnedEvidence(decoded.findings, worksheet.incident.start);
  const { evidence, added, updated } = mergePinnedEvidence(worksheet.evidence, items);
  return {
    worksheet: { ...worksheet, evidence, updatedAt: at },
    notice: {
      severity: 'success',
      title: `Pinned ${pinnedSummaryTitle(decoded.findings).what}`,
      text: pinnedSummary(added, updated, decoded.findings.omitted ?? 0),
    },
  };
}
