import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { decodePins, mergePinnedEvidence, PIN_PARAM, pinnedEvidence, pinnedSummaryTitle, Worksheet } from '../../rca';

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

/**
 * Findings sent from a panel ("Send to workbench", `?pin=`): added to the worksheet as it opens (and saved by
 * the autosave), then dropped from the URL, so a reload or the back button does not bring them again.
 */
export function usePinLink(now: () => number) {
  const [searchParams, setSearchParams] = useSearchParams();
  const pin = searchParams.get(PIN_PARAM);
  const pinRef = useRef(pin);
  useEffect(() => {
    pinRef.current = pin;
  }, [pin]);
  // The `pin` value already added: once, whatever re-renders or React's strict double effects do.
  const consumed = useRef<string>();
  const [notice, setNotice] = useState<PinNotice>();

  const intake = useCallback(
    (opening: Worksheet): Worksheet | undefined => {
      const link = pinRef.current;
      if (link === null || consumed.current === link) {
        return undefined;
      }
      consumed.current = link;
      const pinned = withPins(opening, link, now());
      setNotice(pinned.notice);
      return pinned.worksheet;
    },
    [now]
  );

  useEffect(() => {
    if (pin !== null && consumed.current === pin) {
      const next = new URLSearchParams(searchParams);
      next.delete(PIN_PARAM);
      setSearchParams(next, { replace: true });
    }
  }, [pin, notice, searchParams, setSearchParams]);

  return {
    intake,
    notice,
    dismiss: useCallback(() => setNotice(undefined), []),
    pin,
    /** The link's findings are not added yet (it was followed while the page was open): open it again. */
    isFresh: useCallback(() => pinRef.current !== null && consumed.current !== pinRef.current, []),
  };
}
