import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Worksheet } from '../../rca';
import { PIN_PARAM, PinNotice, withPins } from '../../sendToWorkbench';

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
